package io.github.fallbackllm.provider;

import java.net.URI;
import java.time.Instant;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

import io.github.fallbackllm.budget.LimitsReport;
import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.Capability;
import io.github.fallbackllm.chat.ChatChunk;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.chat.FinishReason;
import io.github.fallbackllm.chat.TokenUsage;
import io.github.fallbackllm.chat.ToolCallDelta;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SynchronousSink;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import io.github.fallbackllm.provider.transport.RequestSigner;
import io.github.fallbackllm.provider.transport.SignableRequest;
import io.github.fallbackllm.provider.transport.StreamFraming;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.DefaultUriBuilderFactory;
import org.springframework.web.util.UriBuilder;
import org.springframework.web.util.UriBuilderFactory;

/**
 * Base class for providers that speak JSON over HTTP through {@link WebClient}. It owns
 * what every wire format shares: authentication headers, bounded body reading, error
 * classification, redaction, request signing and stream framing; a subclass maps
 * requests, responses and stream events of one format.
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

	private static final byte[] EMPTY = {};

	private static final int MAX_CACHED_URIS = 64;

	/** Fields that extra body fields never replace: they make the call what it is. */
	private static final Set<String> OWN_FIELDS = Set.of("model", "messages", "stream");

	private final ProviderSettings settings;

	private final SecretRedactor redactor;

	private final WebClient webClient;

	/** Builds the final URIs, so that they can be signed before they are sent. */
	private final UriBuilderFactory uris;

	/**
	 * The URIs of chat calls by model, then of streamed ones: building a URI parses the
	 * base URL again, which cost more than any other step of preparing a call.
	 */
	private final Map<String, URI> chatUris = new ConcurrentHashMap<>();

	private final Map<String, URI> streamUris = new ConcurrentHashMap<>();

	private final HttpHeaders defaultHeaders;

	private final @Nullable String serverAddress;

	protected WebClientLlmProvider(ProviderSettings settings, WebClient.Builder webClientBuilder) {
		this.settings = settings;
		this.redactor = SecretRedactor.of(settings.secrets());
		HttpHeaders headers = new HttpHeaders();
		settings.headers().forEach(headers::set);
		authenticate(headers, settings.apiKey());
		this.defaultHeaders = HttpHeaders.readOnlyHttpHeaders(headers);
		this.webClient = webClientBuilder.baseUrl(settings.baseUrl())
			.defaultHeaders((defaults) -> defaults.addAll(this.defaultHeaders))
			.build();
		this.uris = new DefaultUriBuilderFactory(settings.baseUrl());
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
	 * Return the URI of a chat call. It is built once per model and kind of call and then
	 * reused, so it must depend on the settings, the model and the kind of call only.
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
	 * Return what authorizes each request beyond the static headers of
	 * {@link #authenticate}, such as a signature over the final URI and body.
	 * @return the signer; {@link RequestSigner#NONE} by default
	 */
	protected RequestSigner requestSigner() {
		return RequestSigner.NONE;
	}

	/**
	 * Return how a streamed answer is framed on the wire.
	 * @return the framing; {@link StreamFraming#SERVER_SENT_EVENTS} by default
	 */
	protected StreamFraming streamFraming() {
		return StreamFraming.SERVER_SENT_EVENTS;
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

	/**
	 * Read a complete answer from its bytes without parsing them into a tree, where the
	 * wire format knows how. By default it does not, and every answer is parsed, checked
	 * for an error envelope and read by
	 * {@link #readResponse(String, ChatRequest, JsonNode)}.
	 * @param model the model that was asked
	 * @param request the request it answers
	 * @param body the 2xx response body
	 * @return the answer, or {@code null} to have the body read from its tree, as any
	 * body that may hold an error must be
	 * @throws ProviderException if the body is not a usable answer
	 */
	protected @Nullable ChatResponse readResponseDirectly(String model, ChatRequest request, byte[] body) {
		return null;
	}

	@Override
	public Mono<ChatResponse> chat(String model, ChatRequest request) {
		return exchange(HttpMethod.POST, () -> cachedChatUri(model, false), () -> body(model, request, false),
				List.of(), (response) -> {
					int status = response.statusCode().value();
					return readSuccess(response).flatMap((body) -> {
						ChatResponse direct = readResponseDirectly(model, request, body);
						return (direct != null) ? Mono.just(direct) : json(status, body, ProviderErrors::parse)
							.map((json) -> readResponse(model, request, json));
					});
				})
			.singleOrEmpty();
	}

	@Override
	public Flux<ChatChunk> stream(String model, ChatRequest request) {
		StreamFraming framing = streamFraming();
		return exchange(HttpMethod.POST, () -> cachedChatUri(model, true), () -> body(model, request, true),
				List.of(framing.mediaType(), MediaType.APPLICATION_JSON), (
						response) -> isStream(response, framing)
								? decode(streamDecoder(model, request),
										framing.events(response.bodyToFlux(DataBuffer.class),
												this.settings.maxResponseBytes()))
								// An endpoint that ignores "stream" answers with a
								// complete body.
								: readJson(response).map((body) -> readResponse(model, request, body))
									.flatMapIterable(ChatChunk::chunksOf));
	}

	/**
	 * The URI of a chat call, built once per model: a provider is called with the models
	 * of its targets, so the cache stays as small as the configuration; past
	 * {@value #MAX_CACHED_URIS} models, URIs are built per call.
	 */
	private URI cachedChatUri(String model, boolean stream) {
		Map<String, URI> cache = stream ? this.streamUris : this.chatUris;
		URI uri = cache.get(model);
		if (uri == null) {
			uri = chatUri(this.uris.builder(), model, stream);
			if (cache.size() < MAX_CACHED_URIS) {
				cache.put(model, uri);
			}
		}
		return uri;
	}

	/**
	 * Send a request, signed, and read its response; once more, signed anew, when it is
	 * answered 401 and the signer obtains new credentials. A provider without a signer
	 * pays for none of it: no header copy, no signature, no renewal operator. A single
	 * answer is taken with {@code singleOrEmpty()}, which waits for the exchange to
	 * complete: {@code Mono.from} would cancel it after the answer and close the
	 * connection instead of returning it to the pool.
	 */
	private <T> Flux<T> exchange(HttpMethod method, Supplier<URI> uri, Supplier<byte[]> body, List<MediaType> accept,
			Function<ClientResponse, Publisher<T>> reader) {
		RequestSigner signer = requestSigner();
		return Flux.defer(() -> {
			Request sent = new Request(method, uri.get(), body.get(), accept);
			if (signer == RequestSigner.NONE) {
				return send(sent, HttpHeaders.EMPTY, reader);
			}
			return signed(signer, sent, reader).onErrorResume(WebClientLlmProvider::isUnauthorized,
					(ex) -> signer.renewAfterUnauthorized()
						.flatMapMany((renewed) -> renewed ? signed(signer, sent, reader) : Flux.error(ex)));
		});
	}

	private <T> Flux<T> signed(RequestSigner signer, Request request, Function<ClientResponse, Publisher<T>> reader) {
		return Flux.defer(() -> {
			HttpHeaders all = new HttpHeaders();
			all.addAll(this.defaultHeaders);
			request.addHeaders(all);
			return signer
				.sign(new SignableRequest(request.method, request.uri, HttpHeaders.readOnlyHttpHeaders(all),
						request.body))
				.defaultIfEmpty(HttpHeaders.EMPTY)
				.flatMapMany((signature) -> send(request, signature, reader));
		});
	}

	private <T> Flux<T> send(Request request, HttpHeaders signature, Function<ClientResponse, Publisher<T>> reader) {
		WebClient.RequestBodySpec spec = this.webClient.method(request.method).uri(request.uri).headers((sent) -> {
			request.addHeaders(sent);
			signature.forEach(sent::put);
		});
		return Flux.deferContextual((context) -> {
			LimitsReport report = LimitsReport.from(context);
			Function<ClientResponse, Publisher<T>> read = (report == null) ? reader : (response) -> {
				report.remaining(RateLimitHeaders.read(response.headers().asHttpHeaders(), Instant.now()));
				return reader.apply(response);
			};
			return (request.body.length > 0)
					? spec.bodyValue(request.body).exchangeToFlux((response) -> Flux.from(read.apply(response)))
					: spec.exchangeToFlux((response) -> Flux.from(read.apply(response)));
		});
	}

	private static boolean isUnauthorized(Throwable failure) {
		return failure instanceof ProviderException ex && ex.getHttpStatus() != null && ex.getHttpStatus() == 401;
	}

	/** A request as it is signed and sent, every time the same. */
	private record Request(HttpMethod method, URI uri, byte[] body, List<MediaType> accept) {

		/** The headers of this request on top of the provider's static ones. */
		void addHeaders(HttpHeaders headers) {
			if (this.body.length > 0) {
				headers.setContentType(MediaType.APPLICATION_JSON);
			}
			if (!this.accept.isEmpty()) {
				headers.setAccept(this.accept);
			}
		}
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
	 * headers and signature, and read its answer as a chat answer is read: bounded, with
	 * error statuses and error envelopes turned into {@link ProviderException}s.
	 * @param uri the endpoint, from a builder that starts from the base URL
	 * @param body the request body
	 * @return the response body
	 */
	protected final Mono<JsonNode> postJson(Function<UriBuilder, URI> uri, JsonNode body) {
		return exchange(HttpMethod.POST, () -> uri.apply(this.uris.builder()), () -> JSON.writeValueAsBytes(body),
				List.of(), this::readJson)
			.singleOrEmpty();
	}

	@Override
	public Mono<List<String>> listModels() {
		return getJson(this::modelsUri).map(this::readModels);
	}

	/**
	 * Send a signed {@code GET} and read its JSON answer, classifying errors as a chat
	 * call does, for providers that list models from more than one endpoint.
	 * @param uri builds the URI from the base URL; it may also return an absolute URI of
	 * another host
	 * @return the JSON document, an object or an array
	 */
	protected final Mono<JsonNode> getJson(Function<UriBuilder, URI> uri) {
		return exchange(HttpMethod.GET, () -> uri.apply(this.uris.builder()), () -> EMPTY, List.of(),
				(response) -> readJson(response, ProviderErrors::parseTree))
			.singleOrEmpty();
	}

	private Flux<ChatChunk> decode(StreamDecoder decoder, Flux<ServerSentEvent<String>> events) {
		return events.takeUntil(decoder::isEnd)
			.<ChatChunk>handle((event, sink) -> decodeEvent(decoder, event, sink))
			.concatWith(Mono.fromSupplier(decoder::finish));
	}

	private void decodeEvent(StreamDecoder decoder, ServerSentEvent<String> event, SynchronousSink<ChatChunk> sink) {
		String data = event.data();
		if (decoder.isEnd(event)) {
			decoder.ended = true;
			// An end event may carry the last of the answer, such as Bedrock's usage.
			JsonNode json = (data != null) ? ProviderErrors.parse(data) : null;
			if (json != null) {
				decoder.accept(event, json, sink);
			}
			return;
		}
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
		return readSuccess(response).flatMap((body) -> json(status, body, parser));
	}

	/** A 2xx body as JSON, or the error it is or holds. */
	private Mono<JsonNode> json(int status, byte[] body, Function<byte[], @Nullable JsonNode> parser) {
		JsonNode json = parser.apply(body);
		if (json == null) {
			return Mono.error(ProviderException.of(AttemptOutcome.INVALID_RESPONSE, "HTTP " + status + " with "
					+ ProviderErrors.describeBody(this.redactor.redact(new String(body, StandardCharsets.UTF_8)))));
		}
		ProviderException error = ProviderErrors.fromEmbeddedError(json, this.redactor, errorVocabulary());
		return (error != null) ? Mono.error(error) : Mono.just(json);
	}

	/**
	 * Read a whole 2xx body, up to the configured size; an error status becomes a
	 * {@link ProviderException}.
	 */
	private Mono<byte[]> readSuccess(ClientResponse response) {
		int status = response.statusCode().value();
		if (!response.statusCode().is2xxSuccessful()) {
			return readBody(response).onErrorReturn(DataBufferLimitException.class, EMPTY)
				.flatMap((body) -> Mono.error(ProviderErrors.fromResponse(status, response.headers().asHttpHeaders(),
						body, this.redactor, errorVocabulary())));
		}
		return readBody(response).onErrorMap(DataBufferLimitException.class,
				(ex) -> ProviderException.of(AttemptOutcome.INVALID_RESPONSE,
						"response larger than " + this.settings.maxResponseBytes() + " bytes"));
	}

	/**
	 * Send a signed {@code POST} of a JSON body and return the bytes of its 2xx answer,
	 * for calls other than chat (such as embeddings) whose answers are read without a
	 * tree. Error statuses are classified as a chat call's are; a 2xx body is the
	 * caller's to check.
	 * @param uri builds the URI from the base URL
	 * @param body the JSON body
	 * @return the answer's bytes
	 */
	protected final Mono<byte[]> postForBytes(Function<UriBuilder, URI> uri, ObjectNode body) {
		return exchange(HttpMethod.POST, () -> uri.apply(this.uris.builder()), () -> JSON.writeValueAsBytes(body),
				List.of(), this::readSuccess)
			.singleOrEmpty();
	}

	/**
	 * Return the error a 2xx body carries in an error envelope, if it does.
	 * @param body the body
	 * @return the classified error, or {@code null} when the body is not an error
	 */
	protected final @Nullable ProviderException embeddedError(byte[] body) {
		JsonNode json = ProviderErrors.parse(body);
		return (json != null) ? ProviderErrors.fromEmbeddedError(json, this.redactor, errorVocabulary()) : null;
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

	private static boolean isStream(ClientResponse response, StreamFraming framing) {
		return response.statusCode().is2xxSuccessful()
				&& response.headers().contentType().map(framing.mediaType()::isCompatibleWith).orElse(false);
	}

	/**
	 * Turns the events of one streamed answer into chunks, for one subscription. Events
	 * come as {@link ServerSentEvent}s whatever the {@link StreamFraming}. Events that
	 * carry an error envelope never reach it: they fail the stream first.
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
		 * Handle one event with data, the end event included when its data is JSON.
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
