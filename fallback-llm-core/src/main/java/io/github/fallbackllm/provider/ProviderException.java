package io.github.fallbackllm.provider;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import io.github.fallbackllm.chat.AttemptOutcome;
import org.jspecify.annotations.Nullable;

import org.springframework.core.codec.CodecException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.web.reactive.function.client.WebClientRequestException;

/**
 * A provider's failure, classified. Messages are redacted before they get here. Thrown
 * for every failed attempt, so it carries no stack trace.
 *
 * @author Fallback LLM contributors
 */
public class ProviderException extends RuntimeException {

	private final AttemptOutcome outcome;

	private final @Nullable Integer httpStatus;

	private final @Nullable String errorCode;

	private final String detail;

	private final @Nullable Duration retryAfter;

	/**
	 * Create a new instance.
	 * @param outcome the classification; neither {@code SUCCEEDED} nor {@code SKIPPED}
	 * @param httpStatus the HTTP status, if there was a response
	 * @param errorCode the provider's error {@code code} or {@code type}
	 * @param detail what the provider said, redacted
	 * @param retryAfter how long the provider asked to wait, if it said
	 * @param cause the underlying exception
	 */
	public ProviderException(AttemptOutcome outcome, @Nullable Integer httpStatus, @Nullable String errorCode,
			String detail, @Nullable Duration retryAfter, @Nullable Throwable cause) {
		super(outcome.description() + ((httpStatus != null) ? " (HTTP " + httpStatus + ")" : "")
				+ (detail.isEmpty() ? "" : ": " + detail), cause, false, false);
		if (outcome == AttemptOutcome.SUCCEEDED || outcome == AttemptOutcome.SKIPPED) {
			throw new IllegalArgumentException("A failure cannot be " + outcome);
		}
		this.outcome = outcome;
		this.httpStatus = httpStatus;
		this.errorCode = errorCode;
		this.detail = detail;
		this.retryAfter = retryAfter;
	}

	/**
	 * Create an exception for a failure without HTTP response.
	 * @param outcome the classification
	 * @param detail what happened
	 * @return the exception
	 */
	public static ProviderException of(AttemptOutcome outcome, String detail) {
		return new ProviderException(outcome, null, null, detail, null, null);
	}

	/**
	 * Classify any failure of an attempt. A {@link ProviderException} is returned as is.
	 * @param failure the failure
	 * @param redactor removes secrets from the message
	 * @return the classified failure
	 */
	public static ProviderException from(Throwable failure, SecretRedactor redactor) {
		if (failure instanceof ProviderException classified) {
			return classified;
		}
		return new ProviderException(outcomeOf(failure), null, null, redactor.redact(describe(failure)), null, failure);
	}

	private static AttemptOutcome outcomeOf(Throwable failure) {
		if (failure instanceof TimeoutException) {
			return AttemptOutcome.TIMEOUT;
		}
		if (isConnectionPoolFull(failure)) {
			return AttemptOutcome.CLIENT_OVERLOADED;
		}
		if (failure instanceof DataBufferLimitException || failure instanceof CodecException) {
			return AttemptOutcome.INVALID_RESPONSE;
		}
		if (failure instanceof WebClientRequestException || failure instanceof IOException
				|| failure.getCause() instanceof IOException) {
			return AttemptOutcome.NETWORK_ERROR;
		}
		return AttemptOutcome.SERVER_ERROR;
	}

	/**
	 * Reactor Netty signals a full pool with reactor-pool's
	 * PoolAcquirePendingLimitException or PoolAcquireTimeoutException, shaded into a
	 * package of its own: matched by name.
	 */
	private static boolean isConnectionPoolFull(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause.getClass().getSimpleName().startsWith("PoolAcquire")) {
				return true;
			}
		}
		return false;
	}

	private static String describe(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = (root.getMessage() != null) ? root.getMessage() : "";
		return root.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
	}

	public AttemptOutcome getOutcome() {
		return this.outcome;
	}

	public @Nullable Integer getHttpStatus() {
		return this.httpStatus;
	}

	public @Nullable String getErrorCode() {
		return this.errorCode;
	}

	public String getDetail() {
		return this.detail;
	}

	public @Nullable Duration getRetryAfter() {
		return this.retryAfter;
	}

}
