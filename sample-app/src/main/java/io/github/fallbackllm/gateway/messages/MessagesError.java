package io.github.fallbackllm.gateway.messages;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

import io.github.fallbackllm.chat.AllProvidersFailedException;
import io.github.fallbackllm.chat.Attempt;
import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.ChatStreamInterruptedException;
import io.github.fallbackllm.chat.InvalidChatRequestException;
import org.jspecify.annotations.Nullable;

/**
 * A failure as Anthropic reports it: an HTTP status and the error type of its envelope,
 * which Anthropic's clients turn into their own exception types and retry decisions (they
 * retry 429 and 5xx, 529 included, and never 400).
 * <p>
 * A call that no target could serve is a 400 {@code invalid_request_error} when every
 * target rejected the request itself (retrying cannot help), a 429
 * {@code rate_limit_error} when every target was rate limited, out of quota or cooling
 * down, and otherwise a 529 {@code overloaded_error}; its message lists every attempt.
 *
 * @param status the HTTP status
 * @param type the error type of the envelope
 * @param message what went wrong and what to do
 * @param retryAfter when to try again, if known
 * @author Fallback LLM contributors
 */
record MessagesError(int status, String type, String message, @Nullable Duration retryAfter) {

	/** Anthropic's status for an overloaded API, which its clients retry. */
	static final int OVERLOADED = 529;

	private static final Set<AttemptOutcome> REQUEST_REJECTED = EnumSet.of(AttemptOutcome.BAD_REQUEST,
			AttemptOutcome.CONTEXT_TOO_LONG, AttemptOutcome.UNSUPPORTED, AttemptOutcome.CONTENT_FILTERED);

	private static final Set<AttemptOutcome> RATE_LIMITED = EnumSet.of(AttemptOutcome.RATE_LIMITED,
			AttemptOutcome.QUOTA_EXCEEDED, AttemptOutcome.SKIPPED);

	/**
	 * Create the error of a status without more detail.
	 * @param status the HTTP status
	 * @param message what went wrong
	 * @return the error, of the type Anthropic gives that status
	 */
	static MessagesError of(int status, String message) {
		return new MessagesError(status, type(status), message, null);
	}

	/**
	 * Return the error that answers a failed call, before anything was written.
	 * @param failure the failure
	 * @return the error
	 */
	static MessagesError of(Throwable failure) {
		if (failure instanceof InvalidChatRequestException) {
			return of(400, failure.getMessage());
		}
		if (failure instanceof AllProvidersFailedException failed) {
			return new MessagesError(allFailedStatus(failed), type(allFailedStatus(failed)), failed.getMessage(),
					failed.getRetryAfter());
		}
		if (failure instanceof ChatStreamInterruptedException interrupted) {
			return new MessagesError(OVERLOADED, streamErrorType(interrupted.getFailure()), interrupted.getMessage(),
					null);
		}
		return of(500, "The gateway failed (" + failure.getClass().getSimpleName() + "); see its log");
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
			case OVERLOADED -> "overloaded_error";
			default -> (status >= 400 && status < 500) ? "invalid_request_error" : "api_error";
		};
	}

	/**
	 * Return the type of the {@code error} event for what broke a stream.
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

	private static int allFailedStatus(AllProvidersFailedException failed) {
		if (failed.getAttempts().isEmpty()) {
			return OVERLOADED;
		}
		if (all(failed, REQUEST_REJECTED)) {
			return 400;
		}
		return all(failed, RATE_LIMITED) ? 429 : OVERLOADED;
	}

	private static boolean all(AllProvidersFailedException failed, Set<AttemptOutcome> outcomes) {
		for (Attempt attempt : failed.getAttempts()) {
			if (!outcomes.contains(attempt.outcome())) {
				return false;
			}
		}
		return true;
	}

}
