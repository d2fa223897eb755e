package io.github.fallbackllm.provider.compatible;

import java.util.Set;

import io.github.fallbackllm.chat.Capability;

/**
 * {@code type: deepseek}: the DeepSeek API. Its models take tools and JSON output, but
 * neither images nor a JSON schema.
 *
 * @author Fallback LLM contributors
 */
public class DeepSeekLlmProviderFactory extends OpenAiCompatibleLlmProviderFactory {

	static final CompatibleType DEEPSEEK = CompatibleType.builder("deepseek", "https://api.deepseek.com")
		.capabilities(Set.of(Capability.TOOLS))
		.build();

	public DeepSeekLlmProviderFactory() {
		super(DEEPSEEK);
	}

}
