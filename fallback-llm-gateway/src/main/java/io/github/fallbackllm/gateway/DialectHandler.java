package io.github.fallbackllm.gateway;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

import io.github.fallbackllm.chat.ChatChunk;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.TokenUsage;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.DisconnectedClientHelper;

/**
 * Serves one dialect's chat endpoint, the same way for every dialect. It writes the
 * response itself, because the headers that say who answered are known only once the
 * answer, or a stream's first chunk, has arrived; until then nothing is committed, so a
 * call that fails before its first chunk still gets a proper error status. Once
 * committed, a response is never given an error response; a client that goes away ends
 * the call, and with it the provider's stream, and is logged at debug level only,
 * whenever it goes.
 *
 * @param <R> the dialect's request
 * @author Fallback LLM contributors
 */
final class DialectHandler<R extends GatewayRequest> implements HandlerFunction<ServerResponse> {

	private static final Log logger = LogFactory.getLog(DialectHandler.class);

	private static final DisconnectedClientHelper disconnectedClients = new DisconnectedClientHelper(
			DialectHandler.class.getName());

	private static final MediaType EVENT_STREAM = new MediaType(MediaType.TEXT_EVENT_STREAM, StandardCharsets.UTF_8);

	/** Keeps a conversation on one target of a group with affinity, in every dialect. */
	static final String AFFINITY_HEADER = "x-llm-affinity";

	private static final int MAX_AFFINITY = 256;

	/** {@code off} opts a call out of its route's hedging. */
	static final String HEDGE_HEADER = "x-llm-hedge";

	private final GatewayDialect<R> dialect;

	private final GatewayRoutes routes;

	private final GatewayErrors errors;

	private final int maxRequestBytes;

	private final GatewayAccess access;

	DialectHandler(GatewayDialect<R> dialect, GatewayRoutes routes, GatewayProperties properties,
			GatewayAccess access) {
		this.dialect = dialect;
		this.routes = routes;
		this.errors = new GatewayErrors(properties);
		this.maxRequestBytes = (int) properties.getMaxRequestSize().toBytes();
		this.access = access;
	}

	@Override
	public Mono<ServerResponse> handle(ServerRequest request) {
		return ServerResponse.ok().build((exchange, context) -> serve(exchange));
	}

	private Mono<Void> serve(ServerWebExchange exchange) {
		ServerHttpRequest request = exchange.getRequest();
		ServerHttpResponse response = exchange.getResponse();
		return CancelledCalls.handleLateErrors(GatewayRequestBodies.read(request, this.maxRequestBytes)
			.flatMap((body) -> this.dialect.read(body, request.getHeaders()))
			.flatMap((call) -> this.access.admit(exchange, call).flatMap((admission) -> {
				ChatRequest chatRequest = withHeaders(call.chatRequest(), request.getHeaders());
				return call.stream() ? stream(call, chatRequest, response, admission)
						: answer(call, chatRequest, response, admission);
			}))
			.onErrorResume((failure) -> failed(failure, response)));
	}

	/**
	 * The chat request with what the client said in headers, in every dialect alike: an
	 * {@value #AFFINITY_HEADER} key replaces the one the body implies, and
	 * {@code x-llm-hedge: off} opts the call out of hedging.
	 */
	private static ChatRequest withHeaders(ChatRequest chatRequest, HttpHeaders headers) {
		String affinity = headers.getFirst(AFFINITY_HEADER);
		boolean noHedge = "off".equalsIgnoreCase(headers.getFirst(HEDGE_HEADER));
		if ((affinity == null || affinity.isBlank()) && !noHedge) {
			return chatRequest;
		}
		ChatRequest.Builder builder = chatRequest.mutate();
		if (affinity != null && !affinity.isBlank()) {
			builder.affinity((affinity.length() > MAX_AFFINITY) ? affinity.substring(0, MAX_AFFINITY) : affinity);
		}
		if (noHedge) {
			builder.hedge(false);
		}
		return builder.build();
	}

	private Mono<Void> answer(R call, ChatRequest chatRequest, ServerHttpResponse response,
			GatewayAccess.Admission admission) {
		AtomicReference<@Nullable TokenUsage> usage = new AtomicReference<>();
		return this.routes.serviceFor(call.model())
			.chatAsync(chatRequest)
			.doOnNext((answer) -> usage.set(answer.usage()))
			.doFinally((signal) -> admission.completed(usage.get()))
			.flatMap((answer) -> this.dialect.answer(call, answer).flatMap((body) -> {
				LlmResponseHeaders.set(response.getHeaders(), answer.provider(), answer.model(), answer.attempts());
				response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
				return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
			}));
	}

	private Mono<Void> stream(R call, ChatRequest chatRequest, ServerHttpResponse response,
			GatewayAccess.Admission admission) {
		AtomicReference<@Nullable TokenUsage> usage = new AtomicReference<>();
		Flux<byte[]> events = this.routes.serviceFor(call.model()).stream(chatRequest).doOnNext((chunk) -> {
			if (chunk.usage() != null) {
				usage.set(chunk.usage());
			}
		}).doFinally((signal) -> admission.completed(usage.get())).switchOnFirst((first, chunks) -> {
			ChatChunk chunk = first.get();
			if (chunk == null) {
				return Flux.error(first.isOnError() ? first.getThrowable()
						: new IllegalStateException("The stream ended before its first chunk"));
			}
			LlmResponseHeaders.set(response.getHeaders(), chunk.provider(), chunk.model(), chunk.attempts());
			response.getHeaders().setContentType(EVENT_STREAM);
			response.getHeaders().setCacheControl(CacheControl.noCache());
			return this.dialect.stream(call, chunks);
		});
		// Whatever ends the write ends the provider's stream: a write that fails as it
		// commits, because the client is gone, does not cancel what it was writing.
		Sinks.Empty<Void> written = Sinks.empty();
		Flux<byte[]> untilWritten = events.takeUntilOther(written.asMono());
		return response.writeAndFlushWith(untilWritten.map((event) -> Mono.just(response.bufferFactory().wrap(event))))
			.doFinally((signal) -> written.tryEmitEmpty());
	}

	/**
	 * Before the response is committed, a failure becomes an error response in the
	 * dialect's envelope; after, nothing more can be written: it is logged as a warning.
	 * A client that went away, while it was sending its request or while it was being
	 * answered, is no failure of the gateway's.
	 */
	private Mono<Void> failed(Throwable failure, ServerHttpResponse response) {
		if (disconnectedClients.checkAndLogClientDisconnectedException(failure)) {
			return Mono.empty();
		}
		if (response.isCommitted()) {
			logger.warn("Writing the response failed after it was committed", failure);
			return Mono.empty();
		}
		if (failure instanceof GatewayRejectedException rejected) {
			return GatewayErrors.write(this.dialect, rejected, response);
		}
		return GatewayErrors.write(this.dialect, this.errors.of(failure), response);
	}

}
