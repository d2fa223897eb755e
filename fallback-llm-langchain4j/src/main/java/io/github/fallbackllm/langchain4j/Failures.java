package io.github.fallbackllm.langchain4j;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.LangChain4jException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.exception.UnsupportedFeatureException;
import io.github.fallbackllm.chat.AllProvidersFailedException;
import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.ChatStreamInterruptedException;
import io.github.fallbackllm.chat.InvalidChatRequestException;
import io.github.fallbackllm.provider.ProviderException;

/**
 * Maps the chain's failures to LangChain4j's exception types, the chain's exception kept
 * as the cause so that its attempts are not lost. A call that no target answered takes
 * the type of its last failure: that is what the caller would meet again by retrying at
 * once. The chain has retried and fallen back already, so a {@link RetriableException}
 * here means "later", not "now".
 *
 * @author Fallback LLM contributors
 */
final class Failures {

	private Failures() {
	}

	static RuntimeException toLangChain4j(Throwable failure) {
		if (failure instanceof LangChain4jException ready) {
			return ready;
		}
		if (failure instanceof InvalidChatRequestException invalid) {
			return new InvalidRequestException(invalid.getMessage(), invalid);
		}
		if (failure instanceof ChatStreamInterruptedException interrupted) {
			return of(interrupted.getFailure(), interrupted);
		}
		if (failure instanceof AllProvidersFailedException failed) {
			if (failed.getCause() instanceof ProviderException last) {
				return of(last.getOutcome(), failed);
			}
			// No target was called: each was cooling down or lacked what the request
			// needs.
			boolean unsupported = !failed.getAttempts().isEmpty() && failed.getAttempts()
				.stream()
				.allMatch((attempt) -> attempt.outcome() == AttemptOutcome.UNSUPPORTED);
			return of(unsupported ? AttemptOutcome.UNSUPPORTED : AttemptOutcome.SKIPPED, failed);
		}
		return (failure instanceof RuntimeException unchecked) ? unchecked : new LangChain4jException(failure);
	}

	private static LangChain4jException of(AttemptOutcome outcome, RuntimeException cause) {
		String message = cause.getMessage();
		return switch (outcome) {
			case RATE_LIMITED -> new RateLimitException(message, cause);
			case AUTHENTICATION_FAILED -> new AuthenticationException(message, cause);
			case MODEL_NOT_FOUND -> new ModelNotFoundException(message, cause);
			case TIMEOUT -> new TimeoutException(message, cause);
			case SERVER_ERROR, INVALID_RESPONSE -> new InternalServerException(message, cause);
			case CONTENT_FILTERED -> new ContentFilteredException(message, cause);
			case BAD_REQUEST, CONTEXT_TOO_LONG -> new InvalidRequestException(message, cause);
			case UNSUPPORTED -> unsupported(message, cause);
			// An exhausted quota or credit does not come back by waiting.
			case QUOTA_EXCEEDED -> new NonRetriableException(message, cause);
			case SKIPPED, HEDGED_OUT, NETWORK_ERROR, CLIENT_OVERLOADED, SUCCEEDED ->
				new RetriableException(message, cause);
		};
	}

	private static LangChain4jException unsupported(String message, RuntimeException cause) {
		UnsupportedFeatureException unsupported = new UnsupportedFeatureException(message);
		unsupported.initCause(cause);
		return unsupported;
	}

}
