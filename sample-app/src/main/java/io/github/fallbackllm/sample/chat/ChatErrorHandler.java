package io.github.fallbackllm.sample.chat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.fallbackllm.chat.AllProvidersFailedException;
import io.github.fallbackllm.chat.InvalidChatRequestException;
import io.github.fallbackllm.sample.SampleApplication;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.core.JacksonException;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;

/**
 * Answers the failures of the sample's own endpoints, {@code /chat} and
 * {@code /spring-ai/chat}, in the same envelope as the gateway's Chat Completions errors,
 * {@code {"error": {"message", "type", "attempts"}}}: a bad request is a 400
 * {@code invalid_request_error}, a call that no provider could serve a 503
 * {@code all_providers_failed} with every attempt and {@code Retry-After}. The gateway
 * answers its own failures; this advice never sees them.
 *
 * @author Fallback LLM contributors
 */
@RestControllerAdvice(basePackageClasses = SampleApplication.class)
class ChatErrorHandler {

	private static final Log logger = LogFactory.getLog(ChatErrorHandler.class);

	@ExceptionHandler
	ResponseEntity<Map<String, Object>> invalidRequest(InvalidChatRequestException ex) {
		return error(HttpStatus.BAD_REQUEST, ex.getMessage(), "invalid_request_error", List.of());
	}

	@ExceptionHandler
	ResponseEntity<Map<String, Object>> unreadableRequest(ServerWebInputException ex) {
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(ex);
		String message = (cause instanceof JacksonException json)
				? "The request body is not valid JSON: " + json.getOriginalMessage() : detail(ex);
		return error(ex.getStatusCode(), message, "invalid_request_error", List.of());
	}

	@ExceptionHandler
	ResponseEntity<Map<String, Object>> allProvidersFailed(AllProvidersFailedException ex) {
		ResponseEntity<Map<String, Object>> response = error(HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage(),
				"all_providers_failed", AttemptView.of(ex.getAttempts()));
		Duration retryAfter = ex.getRetryAfter();
		if (retryAfter == null) {
			return response;
		}
		// Whole seconds, rounded up: a client that waits this long finds a target back.
		return ResponseEntity.status(response.getStatusCode())
			.header(HttpHeaders.RETRY_AFTER, Long.toString((retryAfter.toMillis() + 999) / 1000))
			.body(response.getBody());
	}

	@ExceptionHandler
	ResponseEntity<Map<String, Object>> otherStatus(ResponseStatusException ex) {
		return error(ex.getStatusCode(), detail(ex),
				ex.getStatusCode().is4xxClientError() ? "invalid_request_error" : "server_error", List.of());
	}

	@ExceptionHandler
	ResponseEntity<Map<String, Object>> unexpected(Exception ex) {
		logger.error("Request failed", ex);
		return error(HttpStatus.INTERNAL_SERVER_ERROR,
				"The sample failed (" + ex.getClass().getSimpleName() + "); see its log", "server_error", List.of());
	}

	/** Spring's problem detail, such as "Content-Type 'text/plain' is not supported." */
	private static String detail(ResponseStatusException ex) {
		String detail = ex.getBody().getDetail();
		return (detail != null) ? detail : ex.getMessage();
	}

	private static ResponseEntity<Map<String, Object>> error(HttpStatusCode status, String message, String type,
			List<AttemptView> attempts) {
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("message", message);
		error.put("type", type);
		if (!attempts.isEmpty()) {
			error.put("attempts", attempts);
		}
		return ResponseEntity.status(status).body(Map.of("error", error));
	}

}
