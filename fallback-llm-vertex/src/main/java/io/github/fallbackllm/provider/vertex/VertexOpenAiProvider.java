package io.github.fallbackllm.provider.vertex;

import io.github.fallbackllm.provider.ProviderSettings;
import io.github.fallbackllm.provider.compatible.OpenAiCompatibleLlmProvider;
import io.github.fallbackllm.provider.transport.RequestSigner;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * Gemini and the open models on Vertex AI: the OpenAI wire format on
 * {@link VertexOpenAiEndpoints}, each request authorized by a {@link RequestSigner}.
 *
 * @author Fallback LLM contributors
 */
final class VertexOpenAiProvider extends OpenAiCompatibleLlmProvider {

	private final RequestSigner signer;

	VertexOpenAiProvider(ProviderSettings settings, WebClient.Builder webClientBuilder, VertexLocation location,
			RequestSigner signer) {
		super(settings, webClientBuilder, VertexOpenAiEndpoints.type(location));
		this.signer = signer;
	}

	@Override
	protected RequestSigner requestSigner() {
		return this.signer;
	}

}
