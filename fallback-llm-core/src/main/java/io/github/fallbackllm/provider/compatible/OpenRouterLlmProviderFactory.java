package io.github.fallbackllm.provider.compatible;

/**
 * {@code type: openrouter}: OpenRouter, whose rate-limit window resets at an epoch
 * timestamp in milliseconds ({@code x-ratelimit-reset}).
 *
 * @author Fallback LLM contributors
 */
public class OpenRouterLlmProviderFactory extends OpenAiCompatibleLlmProviderFactory {

	static final CompatibleType OPENROUTER = CompatibleType.builder("openrouter", "https://openrouter.ai/api/v1")
		.errors(X_RATELIMIT_WINDOW)
		.build();

	public OpenRouterLlmProviderFactory() {
		super(OPENROUTER);
	}

}
