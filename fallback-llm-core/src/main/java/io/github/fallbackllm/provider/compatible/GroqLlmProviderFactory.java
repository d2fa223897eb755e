package io.github.fallbackllm.provider.compatible;

/**
 * {@code type: groq}: GroqCloud. Its rate-limit headers are OpenAI's ({@code retry-after}
 * on a 429, {@code x-ratelimit-reset-*}).
 *
 * @author Fallback LLM contributors
 */
public class GroqLlmProviderFactory extends OpenAiCompatibleLlmProviderFactory {

	static final CompatibleType GROQ = CompatibleType.builder("groq", "https://api.groq.com/openai/v1").build();

	public GroqLlmProviderFactory() {
		super(GROQ);
	}

}
