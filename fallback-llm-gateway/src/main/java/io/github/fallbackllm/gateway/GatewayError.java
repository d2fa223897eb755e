package io.github.fallbackllm.gateway;

import java.time.Duration;
import java.util.List;

import io.github.fallbackllm.chat.Attempt;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatusCode;

/**
 * A failure to answer, before anything of the answer was sent: what every dialect writes
 * in its own envelope. The status says what kind of failure it is; a dialect picks its
 * error type from it.
 *
 * @param status the HTTP status
 * @param message what went wrong and what to do, fit to show the client
 * @param attempts the attempts of a call that no provider could serve; empty otherwise
 * @param retryAfter when a target is expected back, if known; sent as {@code Retry-After}
 * @param code what exactly went wrong, for the dialects whose envelope has a code beside
 * the type, such as {@code invalid_api_key}, {@code permission_denied} or
 * {@code rate_limit_exceeded}; {@code null} when the status says enough
 * @author Fallback LLM contributors
 */
public record GatewayError(HttpStatusCode status, String message, List<Attempt> attempts, @Nullable Duration retryAfter,
		@Nullable String code) {

	/**
	 * Create an error without a code.
	 * @param status the HTTP status
	 * @param message what went wrong and what to do
	 * @param attempts the attempts of a call that no provider could serve
	 * @param retryAfter when a target is expected back, if known
	 */
	public GatewayError(HttpStatusCode status, String message, List<Attempt> attempts, @Nullable Duration retryAfter) {
		this(status, message, attempts, retryAfter, null);
	}

	/**
	 * Create an error without attempts.
	 * @param status the HTTP status
	 * @param message what went wrong and what to do
	 */
	public GatewayError(HttpStatusCode status, String message) {
		this(status, message, List.of(), null, null);
	}

	/**
	 * Create an error with a code, and when to retry it.
	 * @param status the HTTP status
	 * @param code what exactly went wrong, such as {@code invalid_api_key}
	 * @param message what went wrong and what to do
	 * @param retryAfter when to retry, if it helps
	 * @return the error
	 */
	public static GatewayError of(HttpStatusCode status, String code, String message, @Nullable Duration retryAfter) {
		return new GatewayError(status, message, List.of(), retryAfter, code);
	}

}
