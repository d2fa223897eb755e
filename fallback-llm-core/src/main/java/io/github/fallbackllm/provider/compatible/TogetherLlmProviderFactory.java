package io.github.fallbackllm.provider.compatible;

/**
 * {@code type: together}: Together AI, which lists its models as a bare JSON array and
 * names its rate-limit window {@code x-ratelimit-remaining} and
 * {@code x-ratelimit-reset}.
 *
 * @author Fallback LLM contributors
 */
public class TogetherLlmProviderFactory extends OpenAiCompatibleLlmProviderFactory {

	static final CompatibleType TOGETHER = CompatibleType.builder("together", "https://api.together.xyz/v1")
		.embeddings(CompatibleType.Embeddings.FLOAT)
		.errors(X_RATELIMIT_WINDOW)
		.build();

	public TogetherLlmProviderFactory() {
		super(TOGETHER);
	}

}
