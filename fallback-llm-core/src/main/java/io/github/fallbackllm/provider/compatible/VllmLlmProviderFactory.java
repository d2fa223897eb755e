package io.github.fallbackllm.provider.compatible;

/**
 * {@code type: vllm}: a vLLM server, which runs without a key unless started with
 * {@code --api-key}.
 *
 * @author Fallback LLM contributors
 */
public class VllmLlmProviderFactory extends OpenAiCompatibleLlmProviderFactory {

	static final CompatibleType VLLM = CompatibleType.builder("vllm", "http://localhost:8000/v1")
		.embeddings(CompatibleType.Embeddings.BASE64)
		.keyless()
		.build();

	public VllmLlmProviderFactory() {
		super(VLLM);
	}

}
