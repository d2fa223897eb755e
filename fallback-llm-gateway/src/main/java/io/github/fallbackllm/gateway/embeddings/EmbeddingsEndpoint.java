package io.github.fallbackllm.gateway.embeddings;

import java.util.concurrent.atomic.AtomicReference;

import io.github.fallbackllm.FallbackEmbeddingService;
import io.github.fallbackllm.chat.TokenUsage;
import io.github.fallbackllm.gateway.GatewayAccess;
import io.github.fallbackllm.gateway.GatewayDialect;
import io.github.fallbackllm.gateway.GatewayError;
import io.github.fallbackllm.gateway.GatewayErrors;
import io.github.fallbackllm.gateway.GatewayProperties;
import io.github.fallbackllm.gateway.GatewayRejectedException;
import io.github.fallbackllm.gateway.CancelledCalls;
import io.github.fallbackllm.gateway.GatewayRequestBodies;
import io.github.fallbackllm.gateway.GatewayRoutes;
import io.github.fallbackllm.gateway.LlmResponseHeaders;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.DisconnectedClientHelper;

/**
 * {@code POST /v1/embeddings} in OpenAI's format, served by the embedding targets of the
 * route the request's {@code model} selects, as the chat endpoints select theirs (an
 * unknown model is a 404 {@code model_not_found} unless unknown models go to the default
 * route). The request passes the gateway's keys like a chat request: the key must allow
 * the route, and its inputs count against the key's limits. The answer carries the
 * headers of the chat endpoints ({@code x-llm-provider}, {@code x-llm-model},
 * {@code x-llm-attempts}) and {@code x-llm-embedding-space}; errors are written in
 * OpenAI's envelope.
 *
 * @author Fallback LLM contributors
 */
public final class EmbeddingsEndpoint {

	/** Path of the endpoint. */
	public static final String PATH = "/v1/embeddings";

	private static final Log logger = LogFactory.getLog(EmbeddingsEndpoint.class);

	private static final DisconnectedClientHelper disconnectedClients = new DisconnectedClientHelper(
			EmbeddingsEndpoint.class.getName());

	private final GatewayRoutes routes;

	private final GatewayDialect<?> envelope;

	private final GatewayAccess access;

	private final GatewayErrors errors;

	private final int maxRequestBytes;

	/**
	 * Create the endpoint.
	 * @param routes what serves a request for a model
	 * @param envelope the OpenAI dialect, whose envelope errors are written in
	 * @param properties the gateway's settings
	 * @param access who may use which route, and how much
	 */
	public EmbeddingsEndpoint(GatewayRoutes routes, GatewayDialect<?> envelope, GatewayProperties properties,
			GatewayAccess access) {
		this.routes = routes;
		this.envelope = envelope;
		this.access = access;
		this.errors = new GatewayErrors(properties);
		this.maxRequestBytes = (int) properties.getMaxRequestSize().toBytes();
	}

	/**
	 * Return the endpoint: {@code POST} only, with a 405 in OpenAI's envelope for other
	 * methods.
	 * @return the endpoint
	 */
	public RouterFunction<ServerResponse> endpoint() {
		return RouterFunctions.route()
			.POST(PATH, (request) -> ServerResponse.ok().build((exchange, context) -> serve(exchange)))
			.route(RequestPredicates.path(PATH),
					(request) -> ServerResponse.status(HttpStatus.METHOD_NOT_ALLOWED)
						.allow(HttpMethod.POST)
						.contentType(MediaType.APPLICATION_JSON)
						.bodyValue(this.envelope.error(new GatewayError(HttpStatus.METHOD_NOT_ALLOWED,
								request.method() + " " + PATH + " is not supported; use POST"))))
			.build();
	}

	private Mono<Void> serve(ServerWebExchange exchange) {
		ServerHttpResponse response = exchange.getResponse();
		return CancelledCalls.handleLateErrors(GatewayRequestBodies.read(exchange.getRequest(), this.maxRequestBytes)
			.map(EmbeddingsRequest::parse)
			.flatMap((call) -> this.access.admit(exchange, call)
				.flatMap((admission) -> embed(call, response, admission)))
			.onErrorResume((failure) -> failed(failure, response)));
	}

	private Mono<Void> embed(EmbeddingsRequest call, ServerHttpResponse response, GatewayAccess.Admission admission) {
		FallbackEmbeddingService service = this.routes.serviceFor(call.model()).embeddings();
		if (service.spaces().isEmpty()) {
			admission.completed(null);
			String asked = (call.model() != null) ? " (model '" + shown(call.model()) + "')" : "";
			return Mono.error(new GatewayRejectedException(
					new GatewayError(HttpStatus.BAD_REQUEST,
							"Route '" + service.currentRoute().name() + "'" + asked
									+ " has no embedding model; ask for a model of a route with embedding targets"),
					new HttpHeaders()));
		}
		AtomicReference<@Nullable TokenUsage> usage = new AtomicReference<>();
		return service.embed(call.embeddingRequest())
			.doOnNext((answer) -> usage.set(answer.usage()))
			.doFinally((signal) -> admission.completed(usage.get()))
			.flatMap((answer) -> {
				byte[] body = EmbeddingsJson.answer(call, answer);
				LlmResponseHeaders.set(response.getHeaders(), answer.provider(), answer.model(), answer.space(),
						answer.attempts());
				response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
				return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
			});
	}

	private Mono<Void> failed(Throwable failure, ServerHttpResponse response) {
		if (disconnectedClients.checkAndLogClientDisconnectedException(failure)) {
			return Mono.empty();
		}
		if (response.isCommitted()) {
			logger.warn("Writing the response failed after it was committed", failure);
			return Mono.empty();
		}
		if (failure instanceof GatewayRejectedException rejected) {
			return GatewayErrors.write(this.envelope, rejected, response);
		}
		return GatewayErrors.write(this.envelope, this.errors.of(failure), response);
	}

	private static String shown(String model) {
		return (model.length() > 100) ? model.substring(0, 100) + "…" : model;
	}

}
