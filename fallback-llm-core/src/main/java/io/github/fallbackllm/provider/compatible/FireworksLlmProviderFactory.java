package io.github.fallbackllm.provider.compatible;

/**
 * {@code type: fireworks}: Fireworks AI's inference API.
 *
 * @author Fallback LLM contributors
 */
public class FireworksLlmProviderFactory extends OpenAiCompatibleLlmProviderFactory {

	static final CompatibleType FIREWORKS = CompatibleType.builder("fireworks", "https://api.fireworks.ai/inference/v1")
		.embeddings(CompatibleType.Embeddings.FLOAT)
		.build();

	public FireworksLlmProviderFactory() {
		super(FIREWORKS);
	}

}
