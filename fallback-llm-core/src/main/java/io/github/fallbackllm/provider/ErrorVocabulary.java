package io.github.fallbackllm.provider;

import java.time.Duration;

import io.github.fallbackllm.chat.AttemptOutcome;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;

/**
 * What a provider adds to the error vocabulary that {@link ProviderErrors} understands:
 * an envelope of its own, error types, codes or statuses of its own, a wait named in the
 * error body rather than in a header, and rate-limit headers of its own. Whatever it
 * leaves out is read the standard way, so a provider names only its differences.
 *
 * @author Fallback LLM contributors
 * @see WebClientLlmProvider#errorVocabulary()
 */
public interface ErrorVocabulary {

	/** Nothing beyond the standard vocabulary. */
	ErrorVocabulary STANDARD = new ErrorVocabulary() {
	};

	/**
	 * Return the error object of a JSON body or stream event.
	 * @param root the body or event
	 * @return the error object; by default the {@code error} field, missing when there is
	 * none
	 */
	default JsonNode error(JsonNode root) {
		return root.path("error");
	}

	/**
	 * Return the error object of an error response, for providers that name part of the
	 * error in headers, as AWS services name its type in {@code x-amzn-ErrorType}.
	 * @param root the body
	 * @param headers the response headers
	 * @return the error object; by default {@link #error(JsonNode)}
	 */
	default JsonNode error(JsonNode root, HttpHeaders headers) {
		return error(root);
	}

	/**
	 * Classify an error the provider describes in its own terms.
	 * @param status the HTTP status, or {@code null} for an error inside a 2xx body or a
	 * stream event
	 * @param error the error object of the envelope ({@code {"message",...}})
	 * @return the outcome, or {@code null} to let the standard rules decide
	 */
	default @Nullable AttemptOutcome classify(@Nullable Integer status, JsonNode error) {
		return null;
	}

	/**
	 * Return the wait an error body asks for, used when no header names one.
	 * @param error the error object of the envelope
	 * @return the wait, or {@code null} when the body names none
	 */
	default @Nullable Duration retryDelay(JsonNode error) {
		return null;
	}

	/**
	 * Return the headers that say how long to wait.
	 * @return the headers; {@link RetryAfterHeaders#STANDARD} by default
	 */
	default RetryAfterHeaders retryAfterHeaders() {
		return RetryAfterHeaders.STANDARD;
	}

	/**
	 * Return a vocabulary that differs from the standard one only in its rate-limit
	 * headers.
	 * @param headers the headers that say how long to wait
	 * @return the vocabulary
	 */
	static ErrorVocabulary withRetryAfterHeaders(RetryAfterHeaders headers) {
		return new ErrorVocabulary() {

			@Override
			public RetryAfterHeaders retryAfterHeaders() {
				return headers;
			}

		};
	}

}
