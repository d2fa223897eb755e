package io.github.fallbackllm.provider.compatible;

/**
 * {@code type: xai}: xAI's Grok API.
 *
 * @author Fallback LLM contributors
 */
public class XaiLlmProviderFactory extends OpenAiCompatibleLlmProviderFactory {

	static final CompatibleType XAI = CompatibleType.builder("xai", "https://api.x.ai/v1").build();

	public XaiLlmProviderFactory() {
		super(XAI);
	}

}
