package io.github.fallbackllm.provider;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.Capability;
import io.github.fallbackllm.chat.ChatChunk;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.chat.FinishReason;
import io.github.fallbackllm.chat.TokenUsage;
import io.github.fallbackllm.chat.ToolCallDelta;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SynchronousSink;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriBuilder;

/**
 * Base class for providers that speak JSON over HTTP through {@link WebClient}. It owns
 * what every wire format shares: authentication headers, bounded body reading, error
 * classification, redaction and server-sent-event framing; a subclass maps requests,
 * responses and stream events of one format.
 * <p>
 * Bodies are written and read with a private {@link JsonMapper}, so an application's
 * {@code spring.jackson.*} settings, meant for its own API, never change what is sent to
 * a provider.
 *
 * @author Fallback LLM contributors
 */
public abstract class WebClientLlmProvider implements LlmProvider {

	/** Shared, immutable, and independent of the application's Jackson settings. */
	protected static final JsonMapper JSON = JsonMapper.shared();

	private static final ParameterizedTypeReference<ServerSentEvent<String>> EVENTS = //
			new ParameterizedTypeReference<>() {
			};

	private static final byte[] EMPTY = {};

	/** Fields that extra body fields never replace: they make the call what it is. */
	private static final Set<String> OWN_FIELDS = Set.of("model", "messages", "stream");

	private final ProviderSettings settings;

	private final SecretRedactor redactor;

	private final WebClient webClient;

	private final @Nullable String serverAddress;

	protected WebClientLlmProvider(ProviderSettings settings, WebClient.Builder webClientBuilder) {
		this.settings = settings;
		this.redactor = SecretRedactor.of(settings.secrets());
		this.webClient = webClientBuilder.baseUrl(settings.baseUrl()).defaultHeaders((headers) -> {
			settings.headers().forEach(headers::set);
			authenticate(headers, settings.apiKey());
		}).build();
		this.serverAddress = hostOf(settings.baseUrl());
	}

	private static @Nullable String hostOf(String baseUrl) {
		try {
			return URI.create(baseUrl).getHost();
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	/**
	 * Add the authentication and version headers of the wire format.
	 * @param headers the default request headers
	 * @param apiKey the key, if configured
	 */
	protected abstract void authenticate(HttpHeaders headers, @Nullable String apiKey);

	/**
	 * Return the URI of a chat call.
	 * @param uri a builder that starts from the base URL
	 * @param model the model, for endpoints that name it in the path
	 * @param stream whether the call asks for a stream
	 * @return the URI
	 */
	protected abstract URI chatUri(UriBuilder uri, String model, boolean stream);

	/**
	 * Return the request body of a chat call.
	 * @param model the model
	 * @param request the request
	 * @param stream whether to ask for a stream
	 * @return the body, before the configured and the request's extra fields are added
	 * @throws ProviderException if the request cannot be expressed in the wire format
	 */
	protected abstract ObjectNode chatBody(String model, ChatRequest request, boolean stream);

	/**
	 * Read a complete answer.
	 * @param model the model that was asked
	 * @param request the request it answers
	 * @param body the 2xx response body, already checked for an error envelope
	 * @return the answer
	 * @throws ProviderException if the body is not a usable answer
	 */
	protected abstract ChatResponse readResponse(String model, ChatRequest request, JsonNode body);

	/**
	 * Return a decoder for one streamed answer.
	 * @param model the model that was asked
	 * @param request the request it answers
	 * @return the decoder, used by one subscription only
	 */
	protected abstract StreamDecoder streamDecoder(String model, ChatRequest request);

	/**
	 * Read the model identifiers of a model-list response; by default the {@code id}s of
	 * {@code data}, as OpenAI and Anthropic send them.
	 * @param body the response body, a JSON object or array
	 * @return the model identifiers
	 */
	protected List<String> readModels(JsonNode body) {
		List<String> models = new ArrayList<>();
		body.path("data").forEach((model) -> models.add(model.path("id").asString("")));
		return models;
	}

	/**
	 * Return the URI that lists models; by default {@code /models} under the base URL.
	 * @param uri a builder that starts from the base URL
	 * @return the URI
	 */
	protected URI modelsUri(UriBuilder uri) {
		return uri.path("/models").build();
	}

	/**
	 * Return what this provider adds to the standard error vocabulary.
	 * @return the vocabulary; {@link ErrorVocabulary#STANDARD} by default
	 */
	protected ErrorVocabulary errorVocabulary() {
		return ErrorVocabulary.STANDARD;
	}

	@Override
	public String name() {
		return this.settings.name();
	}

	@Override
	public @Nullable String serverAddress() {
		return this.serverAddress;
	}

	@Override
	public List<String> models() {
		return this.settings.models();
	}

	/**
	 * Return the configured capabilities; without configuration, all of them, as both
	 * OpenAI and Anthropic support tools, images and JSON-schema output.
	 * @return the capabilities
	 */
	@Override
	public Set<Capability> capabilities() {
		Set<Capability> configured = this.settings.capabilities();
		return (configured != null) ? configured : Capability.ALL;
	}

	/**
	 * Return the redactor that knows this provider's secrets.
	 * @return the redactor
	 */
	protected SecretRedactor redactor() {
		return this.redactor;
	}

	/**
	 * Return the settings this provider was created with.
	 * @return the settings
	 */
	protected ProviderSettings settings() {
		return this.settings;
	}

	@Override
	public Mono<ChatResponse> chat(String model, ChatRequest request) {
		return Mono.defer(() -> this.webClient.post()
			.uri((uri) -> chatUri(uri, model, false))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body(model, request, false))
			.exchangeToMono((response) -> readJson(response).map((body) -> readResponse(model, request, body))));
	}

	@Override
	public Flux<ChatChunk> stream(String model, ChatRequest request) {
		return Flux.defer(() -> this.webClient.post()
			.uri((uri) -> chatUri(uri, model, true))
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.TEXT_EVENT_STREAM, MediaType.APPLICATION_JSON)
			.bodyValue(body(model, request, true))
			.exchangeToFlux((response) -> isEventStream(response)
					? decode(streamDecoder(model, request), response.bodyToFlux(EVENTS))
					// An endpoint that ignores "stream" answers with a complete body.
					: readJson(response).map((body) -> readResponse(model, request, body))
						.flatMapIterable(ChatChunk::chunksOf)));
	}

	private byte[] body(String model, ChatRequest request, boolean stream) {
		ObjectNode body = chatBody(model, request, stream);
		addFields(body, this.settings.extraBody());
		addFields(body, request.extraBody());
		checkBody(body);
		return JSON.writeValueAsBytes(body);
	}

	/**
	 * Check a complete request body, extra fields included, before it is sent. By default
	 * every body goes.
	 * @param body the body
	 * @throws ProviderException with {@link AttemptOutcome#UNSUPPORTED} for what the
	 * endpoint is known to reject, so the request moves on without a network call
	 */
	protected void checkBody(ObjectNode body) {
	}

	private static void addFields(ObjectNode body, Map<String, Object> fields) {
		fields.forEach((name, value) -> {
			if (!OWN_FIELDS.contains(name)) {
				body.set(name, JSON.valueToTree(value));
			}
		});
	}

	/**
	 * Send a JSON request to another endpoint of the same API, with this provider's
	 * headers, and read its answer as a chat answer is read: bounded, with error statuses
	 * and error envelopes turned into {@link ProviderException}s.
	 * @param uri the endpoint, from a builder that starts from the base URL
	 * @param body the request body
	 * @return the response body
	 */
	protected Mono<JsonNode> postJson(Function<UriBuilder, URI> uri, JsonNode body) {
		return Mono.defer(() -> this.webClient.post()
			.uri(uri)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(JSON.writeValueAsBytes(body))
			.exchangeToMono(this::readJson));
	}

	@Override
	public Mono<List<String>> listModels() {
		return this.webClient.get()
			.uri(this::modelsUri)
			.exchangeToMono((response) -> readJson(response, ProviderErrors::parseTree).map(this::readModels));
	}

	private Flux<ChatChunk> decode(StreamDecoder decoder, Flux<ServerSentEvent<String>> events) {
		return events.takeUntil(decoder::isEnd)
			.<ChatChunk>handle((event, sink) -> decodeEvent(decoder, event, sink))
			.concatWith(Mono.fromSupplier(decoder::finish));
	}

	private void decodeEvent(StreamDecoder decoder, ServerSentEvent<String> event, SynchronousSink<ChatChunk> sink) {
		if (decoder.isEnd(event)) {
			decoder.ended = true;
			return;
		}
		String data = event.data();
		if (data == null || data.isBlank()) {
			return;
		}
		JsonNode json = ProviderErrors.parse(data);
		if (json == null) {
			sink.error(ProviderException.of(AttemptOutcome.INVALID_RESPONSE,
					"stream event is not JSON: " + ProviderErrors.summarize(this.redactor.redact(data))));
			return;
		}
		ProviderException error = ProviderErrors.fromEmbeddedError(json, this.redactor, errorVocabulary());
		if (error != null) {
			sink.error(error);
			return;
		}
		decoder.accept(event, json, sink);
	}

	private Mono<JsonNode> readJson(ClientResponse response) {
		return readJson(response, ProviderErrors::parse);
	}

	/**
	 * Read a whole body, up to the configured size, and turn errors into
	 * {@link ProviderException}s: error statuses, bodies that are not JSON, and 2xx
	 * bodies that carry an error envelope.
	 */
	private Mono<JsonNode> readJson(ClientResponse response, Function<byte[], @Nullable JsonNode> parser) {
		int status = response.statusCode().value();
		if (!response.statusCode().is2xxSuccessful()) {
			return readBody(response).onErrorReturn(DataBufferLimitException.class, EMPTY)
				.flatMap((body) -> Mono.error(ProviderErrors.fromResponse(status, response.headers().asHttpHeaders(),
						body, this.redactor, errorVocabulary())));
		}
		return readBody(response)
			.onErrorMap(DataBufferLimitException.class, (ex) -> ProviderException.of(AttemptOutcome.INVALID_RESPONSE,
					"response larger than " + this.settings.maxResponseBytes() + " bytes"))
			.flatMap((body) -> {
				JsonNode json = parser.apply(body);
				if (json == null) {
					return Mono.error(ProviderException.of(AttemptOutcome.INVALID_RESPONSE,
							"HTTP " + status + " with " + ProviderErrors
								.describeBody(this.redactor.redact(new String(body, StandardCharsets.UTF_8)))));
				}
				ProviderException error = ProviderErrors.fromEmbeddedError(json, this.redactor, errorVocabulary());
				return (error != null) ? Mono.error(error) : Mono.just(json);
			});
	}

	private Mono<byte[]> readBody(ClientResponse response) {
		return DataBufferUtils.join(response.body(BodyExtractors.toDataBuffers()), this.settings.maxResponseBytes())
			.map(WebClientLlmProvider::toBytes)
			.defaultIfEmpty(EMPTY);
	}

	private static byte[] toBytes(DataBuffer buffer) {
		try {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			return bytes;
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

	private static boolean isEventStream(ClientResponse response) {
		return response.statusCode().is2xxSuccessful()
				&& response.headers().contentType().map(MediaType.TEXT_EVENT_STREAM::isCompatibleWith).orElse(false);
	}

	/**
	 * Turns the server-sent events of one streamed answer into chunks, for one
	 * subscription. Events that carry an error envelope never reach it: they fail the
	 * stream first.
	 */
	public abstract static class StreamDecoder {

		private final String provider;

		private String model;

		private boolean ended;

		private boolean sentText;

		private boolean sentToolCalls;

		private @Nullable FinishReason finishReason;

		private @Nullable TokenUsage usage;

		protected StreamDecoder(String provider, String model) {
			this.provider = provider;
			this.model = model;
		}

		/**
		 * Return whether the event is the end marker of the stream.
		 * @param event the event
		 * @return whether the stream ends with it
		 */
		protected abstract boolean isEnd(ServerSentEvent<String> event);

		/**
		 * Handle one event with data.
		 * @param event the event
		 * @param data its data
		 * @param sink where to emit text or signal a {@link ProviderException}
		 */
		protected abstract void accept(ServerSentEvent<String> event, JsonNode data, SynchronousSink<ChatChunk> sink);

		protected final void emitText(String text, SynchronousSink<ChatChunk> sink) {
			if (!text.isEmpty()) {
				this.sentText = true;
				sink.next(ChatChunk.text(text, this.provider, this.model));
			}
		}

		protected final void emitToolCalls(List<ToolCallDelta> deltas, SynchronousSink<ChatChunk> sink) {
			if (!deltas.isEmpty()) {
				this.sentToolCalls = true;
				sink.next(ChatChunk.toolCalls(deltas, this.provider, this.model));
			}
		}

		protected final void setModel(String reported) {
			if (!reported.isEmpty()) {
				this.model = reported;
			}
		}

		protected final void setFinishReason(FinishReason finishReason) {
			this.finishReason = finishReason;
		}

		protected final void setUsage(TokenUsage usage) {
			this.usage = usage;
		}

		final ChatChunk finish() {
			boolean sentOutput = this.sentText || this.sentToolCalls;
			if (!this.ended) {
				throw ProviderException.of(AttemptOutcome.NETWORK_ERROR,
						"stream ended before its end marker" + (sentOutput ? "" : ", without any text"));
			}
			// An empty answer cut by the caller's token limit is an answer, not a fault.
			if (!sentOutput && this.finishReason != FinishReason.LENGTH) {
				throw (this.finishReason == FinishReason.CONTENT_FILTER)
						? ProviderException.of(AttemptOutcome.CONTENT_FILTERED, "stream withheld by the content filter")
						: ProviderException.of(AttemptOutcome.INVALID_RESPONSE, "stream ended without any text");
			}
			FinishReason reason = (this.finishReason != null) ? this.finishReason : FinishReason.OTHER;
			// OpenAI says "stop" when the tool choice forced a call; the caller must
			// still run it.
			if (this.sentToolCalls && reason == FinishReason.STOP) {
				reason = FinishReason.TOOL_CALLS;
			}
			return ChatChunk.last(this.provider, this.model, reason, this.usage);
		}

	}

}
