package io.github.fallbackllm.sample.gateway;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

import reactor.core.publisher.Mono;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

/**
 * Answers the failures that happen under {@code /v1/} before any endpoint is chosen, an
 * unknown path (404) or a wrong method (405), in OpenAI's error envelope rather than
 * Spring Boot's error page, so that OpenAI clients read them as they read OpenAI's own.
 * It runs before Boot's {@code ErrorWebExceptionHandler}; failures inside the endpoints
 * are {@link OpenAiErrorHandler}'s.
 *
 * @author Fallback LLM contributors
 */
@Component
@Order(-2)
class OpenAiWebExceptionHandler implements WebExceptionHandler {

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		ServerHttpRequest request = exchange.getRequest();
		ServerHttpResponse response = exchange.getResponse();
		if (!(ex instanceof ResponseStatusException status) || response.isCommitted()
				|| !request.getPath().value().startsWith("/v1/")) {
			return Mono.error(ex);
		}
		response.setStatusCode(status.getStatusCode());
		response.getHeaders().addAll(status.getHeaders());
		response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
		String json = OpenAiJson.error(message(request, status),
				status.getStatusCode().is4xxClientError() ? "invalid_request_error" : "server_error", List.of());
		return response.writeWith(Mono.just(response.bufferFactory().wrap(json.getBytes(StandardCharsets.UTF_8))));
	}

	private static String message(ServerHttpRequest request, ResponseStatusException ex) {
		String call = request.getMethod() + " " + request.getPath().value();
		if (ex instanceof MethodNotAllowedException notAllowed) {
			return call + " is not supported; use "
					+ notAllowed.getSupportedMethods().stream().map(Object::toString).collect(Collectors.joining(", "));
		}
		if (ex.getStatusCode().value() == HttpStatus.NOT_FOUND.value()) {
			return "Unknown URL: " + call + "; this gateway serves POST /v1/chat/completions and GET /v1/models";
		}
		String detail = ex.getBody().getDetail();
		return call + ": " + ((detail != null) ? detail : ex.getMessage());
	}

}
