package io.github.fallbackllm.provider.vertex;

import java.net.URI;

import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.provider.ErrorVocabulary;
import io.github.fallbackllm.provider.ProviderSettings;
import io.github.fallbackllm.provider.anthropic.AnthropicLlmProvider;
import io.github.fallbackllm.provider.compatible.GoogleRpcErrors;
import io.github.fallbackllm.provider.transport.RequestSigner;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriBuilder;

/**
 * Claude on Vertex AI: the Anthropic Messages format, posted to the model's
 * {@code :rawPredict} or {@code :streamRawPredict} endpoint, with the model in the path
 * rather than the body and the API version in the body rather than a header, each request
 * authorized by a {@link RequestSigner}.
 *
 * @author Fallback LLM contributors
 */
final class VertexAnthropicProvider extends AnthropicLlmProvider {

	/** The Messages API version Vertex AI takes, in the body. */
	static final String ANTHROPIC_VERSION = "vertex-2023-10-16";

	private final VertexLocation location;

	private final RequestSigner signer;

	VertexAnthropicProvider(ProviderSettings settings, WebClient.Builder webClientBuilder, VertexLocation location,
			RequestSigner signer) {
		super(settings, webClientBuilder);
		this.location = location;
		this.signer = signer;
	}

	@Override
	protected void authenticate(HttpHeaders headers, @Nullable String apiKey) {
		// Each request carries an access token of its own.
	}

	@Override
	protected RequestSigner requestSigner() {
		return this.signer;
	}

	@Override
	protected ErrorVocabulary errorVocabulary() {
		// Vertex answers for Claude in Google's envelope, Claude's own errors in
		// Anthropic's.
		return GoogleRpcErrors.INSTANCE;
	}

	@Override
	protected URI chatUri(UriBuilder uri, String model, boolean stream) {
		return uri.path(this.location.anthropicPath(model, stream)).build();
	}

	@Override
	protected ObjectNode chatBody(String model, ChatRequest request, boolean stream) {
		ObjectNode body = super.chatBody(model, request, stream);
		body.remove("model");
		body.put("anthropic_version", ANTHROPIC_VERSION);
		return body;
	}

}
