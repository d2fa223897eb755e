package io.github.fallbackllm.gateway.messages;

import io.github.fallbackllm.chat.AttemptOutcome;

/**
 * Anthropic's error types, which its clients read beside the HTTP status. The gateway's
 * 503, a call that no target could serve, is an {@code overloaded_error}: it is what
 * Anthropic calls a temporary lack of capacity, and its clients retry it.
 *
 * @author Fallback LLM contributors
 */
final class MessagesErrors {

	private MessagesErrors() {
	}

	/**
	 * Return Anthropic's error type for a status; other 4xx are
	 * {@code invalid_request_error} and other 5xx {@code api_error}, as Anthropic uses
	 * them.
	 * @param status the HTTP status
	 * @return the error type
	 */
	static String type(int status) {
		return switch (status) {
			case 401 -> "authentication_error";
			case 403 -> "permission_error";
			case 404 -> "not_found_error";
			case 413 -> "request_too_large";
			case 429 -> "rate_limit_error";
			case 503, 529 -> "overloaded_error";
			default -> (status >= 400 && status < 500) ? "invalid_request_error" : "api_error";
		};
	}

	/**
	 * Return the type of the {@code error} event for what broke a stream after its first
	 * chunk.
	 * @param failure what broke it
	 * @return the error type
	 */
	static String streamErrorType(AttemptOutcome failure) {
		return switch (failure) {
			case RATE_LIMITED, QUOTA_EXCEEDED -> "rate_limit_error";
			case SERVER_ERROR, CLIENT_OVERLOADED -> "overloaded_error";
			case BAD_REQUEST, CONTEXT_TOO_LONG, UNSUPPORTED -> "invalid_request_error";
			default -> "api_error";
		};
	}

}
