package io.github.fallbackllm.provider.openai;

import java.net.URI;

import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.embedding.EmbeddingRequest;
import io.github.fallbackllm.embedding.EmbeddingResult;
import io.github.fallbackllm.provider.ErrorVocabulary;
import io.github.fallbackllm.provider.ProviderException;
import io.github.fallbackllm.provider.ProviderSettings;
import io.github.fallbackllm.provider.WebClientLlmProvider;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriBuilder;

/**
 * Provider for the OpenAI Chat Completions API ({@code POST /chat/completions}) and the
 * endpoints that copy it.
 *
 * @author Fallback LLM contributors
 */
public class OpenAiLlmProvider extends WebClientLlmProvider {

	public OpenAiLlmProvider(ProviderSettings settings, WebClient.Builder webClientBuilder) {
		super(settings, webClientBuilder);
	}

	@Override
	public String type() {
		return "openai";
	}

	@Override
	protected void authenticate(HttpHeaders headers, @Nullable String apiKey) {
		if (apiKey != null && !apiKey.isEmpty()) {
			headers.setBearerAuth(apiKey);
		}
	}

	@Override
	protected URI chatUri(UriBuilder uri, String model, boolean stream) {
		return uri.path("/chat/completions").build();
	}

	@Override
	protected ObjectNode chatBody(String model, ChatRequest request, boolean stream) {
		return OpenAiRequestMapper.body(model, request, stream);
	}

	@Override
	protected ChatResponse readResponse(String model, ChatRequest request, JsonNode body) {
		return OpenAiResponseMapper.response(name(), model, body, redactor());
	}

	/**
	 * Read a completion of the usual shape without a tree, when errors are OpenAI's own
	 * envelope: any other body, an error envelope included, is read from its tree.
	 * Subclasses that read answers differently in
	 * {@link #readResponse(String, ChatRequest, JsonNode)} return {@code null} here.
	 */
	@Override
	protected @Nullable ChatResponse readResponseDirectly(String model, ChatRequest request, byte[] body) {
		return (errorVocabulary() == ErrorVocabulary.STANDARD)
				? OpenAiResponseMapper.read(name(), model, body, redactor()) : null;
	}

	@Override
	protected StreamDecoder streamDecoder(String model, ChatRequest request) {
		return new OpenAiStreamDecoder(name(), model);
	}

	@Override
	public boolean supportsEmbeddings() {
		return true;
	}

	/** OpenAI takes up to 2,048 inputs per embeddings request. */
	@Override
	public int maxEmbeddingInputs() {
		return OpenAiEmbeddings.MAX_INPUTS;
	}

	@Override
	public Mono<EmbeddingResult> embed(String model, EmbeddingRequest request) {
		return Mono.defer(() -> postForBytes((uri) -> embeddingsUri(uri, model), embeddingsBody(model, request))
			.map((body) -> readEmbeddings(body, model, request.inputs().size())));
	}

	/**
	 * Return the URI of an embeddings call.
	 * @param uri a builder that starts from the base URL
	 * @param model the model
	 * @return the URI; {@code /embeddings} under the base URL by default
	 */
	protected URI embeddingsUri(UriBuilder uri, String model) {
		return uri.path("/embeddings").build();
	}

	/**
	 * Return the body of an embeddings call.
	 * @param model the model
	 * @param request the request
	 * @return the body; OpenAI's, asking for base64 vectors, by default
	 */
	protected ObjectNode embeddingsBody(String model, EmbeddingRequest request) {
		return OpenAiEmbeddings.body(model, request, true);
	}

	private EmbeddingResult readEmbeddings(byte[] body, String model, int inputs) {
		try {
			return OpenAiEmbeddings.read(body, model, inputs);
		}
		catch (ProviderException ex) {
			ProviderException error = embeddedError(body);
			throw (error != null) ? error : ex;
		}
	}

}
