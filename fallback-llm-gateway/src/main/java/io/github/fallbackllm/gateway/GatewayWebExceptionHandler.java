package io.github.fallbackllm.gateway;

import java.util.List;
import java.util.stream.Collectors;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

/**
 * Answers the failures that happen under {@code /v1/} before any endpoint is chosen, such
 * as an unknown path (404), in the envelope of the dialect whose client sent the request
 * rather than as Spring Boot's error page, so that clients read them as they read their
 * provider's own. It runs before Boot's {@code ErrorWebExceptionHandler}; failures inside
 * the gateway's endpoints never reach it.
 *
 * @author Fallback LLM contributors
 */
public final class GatewayWebExceptionHandler implements WebExceptionHandler, Ordered {

	private final List<GatewayDialect<?>> dialects;

	/**
	 * Create the handler.
	 * @param dialects the dialects served, in order: the one whose endpoint is at or
	 * above the request's path answers it, else the first that recognizes the request,
	 * else the first
	 */
	public GatewayWebExceptionHandler(List<? extends GatewayDialect<?>> dialects) {
		this.dialects = List.copyOf(dialects);
	}

	@Override
	public int getOrder() {
		return -2;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		ServerHttpRequest request = exchange.getRequest();
		ServerHttpResponse response = exchange.getResponse();
		if (!(ex instanceof ResponseStatusException status) || response.isCommitted() || this.dialects.isEmpty()
				|| !request.getPath().value().startsWith(GatewayEndpoints.PREFIX)) {
			return Mono.error(ex);
		}
		response.getHeaders().addAll(status.getHeaders());
		return GatewayErrors.write(GatewayEndpoints.dialectFor(this.dialects, request),
				new GatewayError(status.getStatusCode(), message(request, status)), response);
	}

	private String message(ServerHttpRequest request, ResponseStatusException ex) {
		String call = request.getMethod() + " " + request.getPath().value();
		if (ex instanceof MethodNotAllowedException notAllowed) {
			return call + " is not supported; use "
					+ notAllowed.getSupportedMethods().stream().map(Object::toString).collect(Collectors.joining(", "));
		}
		if (ex.getStatusCode().value() == HttpStatus.NOT_FOUND.value()) {
			return "Unknown URL: " + call + "; this gateway serves "
					+ this.dialects.stream()
						.map((dialect) -> "POST " + dialect.path())
						.collect(Collectors.joining(", "))
					+ " and GET " + GatewayEndpoints.MODELS_PATH;
		}
		String detail = ex.getBody().getDetail();
		return call + ": " + ((detail != null) ? detail : ex.getMessage());
	}

}
