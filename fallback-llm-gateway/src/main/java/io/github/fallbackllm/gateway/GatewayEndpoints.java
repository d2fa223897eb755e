package io.github.fallbackllm.gateway;

import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The gateway's endpoints, as one {@link RouterFunction}: each dialect's chat endpoint,
 * {@code POST} only, with a 405 in the dialect's envelope for other methods, and
 * {@code GET /v1/models}. Functional endpoints keep the gateway's error handling to its
 * own paths: nothing here applies to the application's controllers.
 *
 * @author Fallback LLM contributors
 */
public final class GatewayEndpoints {

	/** Path of the model list. */
	public static final String MODELS_PATH = "/v1/models";

	private GatewayEndpoints() {
	}

	/**
	 * Create the endpoints.
	 * @param dialects the dialects to serve, each at its path
	 * @param routes what serves a request for a model, and the models to list
	 * @param properties the gateway's settings
	 * @return the endpoints
	 */
	public static RouterFunction<ServerResponse> of(List<? extends GatewayDialect<?>> dialects, GatewayRoutes routes,
			GatewayProperties properties) {
		RouterFunctions.Builder endpoints = RouterFunctions.route();
		for (GatewayDialect<?> dialect : dialects) {
			endpoints.POST(dialect.path(), handler(dialect, routes, properties));
			endpoints.route(RequestPredicates.path(dialect.path()), (request) -> methodNotAllowed(dialect, request));
		}
		endpoints.GET(MODELS_PATH, (request) -> models(routes, request));
		return endpoints.build();
	}

	private static <R extends GatewayRequest> DialectHandler<R> handler(GatewayDialect<R> dialect, GatewayRoutes routes,
			GatewayProperties properties) {
		return new DialectHandler<>(dialect, routes, properties);
	}

	private static Mono<ServerResponse> methodNotAllowed(GatewayDialect<?> dialect, ServerRequest request) {
		GatewayError error = new GatewayError(HttpStatus.METHOD_NOT_ALLOWED,
				request.method() + " " + dialect.path() + " is not supported; use POST");
		return ServerResponse.status(error.status())
			.allow(HttpMethod.POST)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(dialect.error(error));
	}

	private static Mono<ServerResponse> models(GatewayRoutes routes, ServerRequest request) {
		boolean anthropic = request.headers().firstHeader(ModelList.ANTHROPIC_VERSION) != null;
		return ServerResponse.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(anthropic ? ModelList.anthropic(routes.models()) : ModelList.openAi(routes.models()));
	}

}
