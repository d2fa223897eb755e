package io.github.fallbackllm.gateway;

import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
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

	/** What every path of the gateway starts with. */
	static final String PREFIX = "/v1/";

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
		return of(dialects, routes, properties, GatewayAccess.open());
	}

	/**
	 * Create the endpoints, each chat request admitted by the given access before any
	 * provider is called.
	 * @param dialects the dialects to serve, each at its path
	 * @param routes what serves a request for a model, and the models to list
	 * @param properties the gateway's settings
	 * @param access who may use which route, and how much
	 * @return the endpoints
	 */
	public static RouterFunction<ServerResponse> of(List<? extends GatewayDialect<?>> dialects, GatewayRoutes routes,
			GatewayProperties properties, GatewayAccess access) {
		RouterFunctions.Builder endpoints = RouterFunctions.route();
		for (GatewayDialect<?> dialect : dialects) {
			endpoints.POST(dialect.path(), handler(dialect, routes, properties, access));
			endpoints.route(RequestPredicates.path(dialect.path()), (request) -> methodNotAllowed(dialect, request));
		}
		endpoints.GET(MODELS_PATH, (request) -> models(routes, request));
		return endpoints.build();
	}

	/**
	 * Return the dialect whose client sent a request, to answer it in its envelope: the
	 * one whose endpoint is at or above the request's path, else the first that
	 * recognizes the request, else the first.
	 * @param dialects the dialects, at least one
	 * @param request the request
	 * @return the dialect
	 */
	static GatewayDialect<?> dialectFor(List<GatewayDialect<?>> dialects, ServerHttpRequest request) {
		String path = request.getPath().value();
		for (GatewayDialect<?> dialect : dialects) {
			String endpoint = dialect.path();
			if (path.startsWith(endpoint)
					&& (path.length() == endpoint.length() || path.charAt(endpoint.length()) == '/')) {
				return dialect;
			}
		}
		for (GatewayDialect<?> dialect : dialects) {
			if (dialect.recognizes(request)) {
				return dialect;
			}
		}
		return dialects.get(0);
	}

	private static <R extends GatewayRequest> DialectHandler<R> handler(GatewayDialect<R> dialect, GatewayRoutes routes,
			GatewayProperties properties, GatewayAccess access) {
		return new DialectHandler<>(dialect, routes, properties, access);
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
