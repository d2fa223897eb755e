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
 * @author Fallback LLM contributors
 */
public record GatewayError(HttpStatusCode status, String message, List<Attempt> attempts,
		@Nullable Duration retryAfter) {

	/**
	 * Create an error without attempts.
	 * @param status the HTTP status
	 * @param message what went wrong and what to do
	 */
	public GatewayError(HttpStatusCode status, String message) {
		this(status, message, List.of(), null);
	}

}
