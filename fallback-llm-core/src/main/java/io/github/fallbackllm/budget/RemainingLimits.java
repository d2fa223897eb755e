package io.github.fallbackllm.budget;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What a provider said is left of its rate limits in one answer's headers.
 *
 * @param requests requests left in the current window, or {@code -1} when not said
 * @param requestsReset when that window resets, or {@code null} when not said
 * @param tokens tokens left in the current window, or {@code -1} when not said
 * @param tokensReset when that window resets, or {@code null} when not said
 * @author Fallback LLM contributors
 */
public record RemainingLimits(long requests, @Nullable Instant requestsReset, long tokens,
		@Nullable Instant tokensReset) {

	/** Nothing said. */
	public static final RemainingLimits UNKNOWN = new RemainingLimits(-1, null, -1, null);

}
