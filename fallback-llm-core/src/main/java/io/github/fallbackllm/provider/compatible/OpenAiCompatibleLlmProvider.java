package io.github.fallbackllm.provider.compatible;

import java.net.URI;
import java.util.List;
import java.util.Set;

import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.Capability;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.embedding.EmbeddingRequest;
import io.github.fallbackllm.provider.ErrorVocabulary;
import io.github.fallbackllm.provider.ProviderException;
import io.github.fallbackllm.provider.ProviderSettings;
import io.github.fallbackllm.provider.openai.OpenAiEmbeddings;
import io.github.fallbackllm.provider.openai.OpenAiLlmProvider;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriBuilder;

/**
 * The OpenAI provider, with the endpoints, authentication, errors and capabilities of one
 * {@link CompatibleType}.
 *
 * @author Fallback LLM contributors
 */
public class OpenAiCompatibleLlmProvider extends OpenAiLlmProvider {

	private final CompatibleType type;

	/**
	 * Create a provider.
	 * @param settings the provider's settings
	 * @param webClientBuilder a builder set up with the application's HTTP client
	 * settings
	 * @param type the service
	 */
	public OpenAiCompatibleLlmProvider(ProviderSettings settings, WebClient.Builder webClientBuilder,
			CompatibleType type) {
		// The key goes on the builder here: the base class authenticates in its
		// constructor, before this class has its type.
		super(settings, type.authenticate(webClientBuilder, settings.apiKey()));
		this.type = type;
	}

	@Override
	protected void authenticate(HttpHeaders headers, @Nullable String apiKey) {
		// Done by the type, on the builder.
	}

	@Override
	protected URI chatUri(UriBuilder uri, String model, boolean stream) {
		return this.type.endpoints().chatUri(uri, settings(), model, stream);
	}

	@Override
	protected ObjectNode chatBody(String model, ChatRequest request, boolean stream) {
		return super.chatBody(this.type.endpoints().wireModel(settings(), model), request, stream);
	}

	@Override
	public boolean supportsEmbeddings() {
		return this.type.embeddings() != CompatibleType.Embeddings.NONE;
	}

	@Override
	protected URI embeddingsUri(UriBuilder uri, String model) {
		return this.type.endpoints().embeddingsUri(uri, settings(), model);
	}

	@Override
	protected ObjectNode embeddingsBody(String model, EmbeddingRequest request) {
		return OpenAiEmbeddings.body(this.type.endpoints().wireModel(settings(), model), request,
				this.type.embeddings() == CompatibleType.Embeddings.BASE64);
	}

	@Override
	protected void checkBody(ObjectNode body) {
		String rejected = this.type.rejectedParameters().find(body);
		if (rejected != null) {
			throw ProviderException.of(AttemptOutcome.UNSUPPORTED, this.type.type() + " rejects " + rejected);
		}
	}

	@Override
	protected URI modelsUri(UriBuilder uri) {
		return this.type.endpoints().modelsUri(uri, settings());
	}

	@Override
	protected List<String> readModels(JsonNode body) {
		return this.type.endpoints().readModels(body, settings());
	}

	@Override
	protected ErrorVocabulary errorVocabulary() {
		return this.type.errors();
	}

	/**
	 * Return the configured capabilities, or the type's defaults.
	 * @return the capabilities
	 */
	@Override
	public Set<Capability> capabilities() {
		Set<Capability> configured = settings().capabilities();
		return (configured != null) ? configured : this.type.capabilities();
	}

}
