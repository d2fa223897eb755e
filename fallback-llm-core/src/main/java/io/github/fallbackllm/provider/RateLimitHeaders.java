package io.github.fallbackllm.provider;

import java.time.Duration;
import java.time.Instant;

import io.github.fallbackllm.budget.RemainingLimits;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * What an answer's headers say is left of a provider's rate limits, read from every
 * answer: OpenAI's {@code x-ratelimit-remaining-requests} and
 * {@code x-ratelimit-remaining-tokens} with {@code x-ratelimit-reset-requests} and
 * {@code x-ratelimit-reset-tokens} (also sent by Groq, Mistral-style gateways and most
 * OpenAI-compatible servers), and Anthropic's
 * {@code anthropic-ratelimit-requests-remaining} and
 * {@code anthropic-ratelimit-tokens-remaining} with their {@code -reset} instants. A
 * count without its reset is not used: without it there is no knowing when it stops
 * applying (Azure OpenAI sends remaining counts only).
 *
 * @author Fallback LLM contributors
 */
final class RateLimitHeaders {

	private static final String[] REQUESTS = { "x-ratelimit-remaining-requests", "x-ratelimit-reset-requests",
			"anthropic-ratelimit-requests-remaining", "anthropic-ratelimit-requests-reset" };

	private static final String[] TOKENS = { "x-ratelimit-remaining-tokens", "x-ratelimit-reset-tokens",
			"anthropic-ratelimit-tokens-remaining", "anthropic-ratelimit-tokens-reset" };

	/** Longer than any number of requests or tokens a window counts. */
	private static final int MAX_COUNT_LENGTH = 18;

	/** Longer than any reset written as a wait or an instant. */
	private static final int MAX_RESET_LENGTH = 64;

	private RateLimitHeaders() {
	}

	/**
	 * Read what the headers say is left.
	 * @param headers an answer's headers
	 * @param now the time, for resets given as a wait
	 * @return the limits left, {@link RemainingLimits#UNKNOWN} when none is said
	 */
	static RemainingLimits read(HttpHeaders headers, Instant now) {
		long requests = -1;
		Instant requestsReset = null;
		for (int i = 0; i < REQUESTS.length && requestsReset == null; i += 2) {
			requests = count(headers.getFirst(REQUESTS[i]));
			requestsReset = (requests >= 0) ? reset(headers.getFirst(REQUESTS[i + 1]), now) : null;
		}
		long tokens = -1;
		Instant tokensReset = null;
		for (int i = 0; i < TOKENS.length && tokensReset == null; i += 2) {
			tokens = count(headers.getFirst(TOKENS[i]));
			tokensReset = (tokens >= 0) ? reset(headers.getFirst(TOKENS[i + 1]), now) : null;
		}
		if (requestsReset == null && tokensReset == null) {
			return RemainingLimits.UNKNOWN;
		}
		return new RemainingLimits((requestsReset != null) ? requests : -1, requestsReset,
				(tokensReset != null) ? tokens : -1, tokensReset);
	}

	private static long count(@Nullable String value) {
		if (value == null || value.isBlank() || value.length() > MAX_COUNT_LENGTH) {
			return -1;
		}
		try {
			long count = Long.parseLong(value.strip());
			return (count >= 0) ? count : -1;
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	private static @Nullable Instant reset(@Nullable String value, Instant now) {
		if (value == null || value.length() > MAX_RESET_LENGTH) {
			return null;
		}
		Duration wait = RetryAfterHeaders.reset(value, now);
		return (wait != null) ? now.plus(wait) : null;
	}

}
