package io.github.fallbackllm.budget;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The answer to a call that asked for its share of a client's limits: taken, with what
 * {@link ClientBudgets#settle settling} needs, or refused, with the limit it would break
 * and when that limit has room again.
 *
 * @param client the client's name
 * @param limits the client's limits
 * @param at when the share was asked for, which dates the minute and the day it counts in
 * @param estimatedTokens the tokens taken up front
 * @param over the limit that refused the call, {@code null} when it was taken
 * @param retryAt when the refusing limit's window starts again, {@code null} when taken
 * @author Fallback LLM contributors
 */
public record ClientAdmission(String client, ClientLimits limits, Instant at, long estimatedTokens,
		@Nullable ClientLimit over, @Nullable Instant retryAt) {

	/**
	 * A share that was taken.
	 * @param client the client's name
	 * @param limits the client's limits
	 * @param at when
	 * @param estimatedTokens the tokens taken up front
	 * @return the admission
	 */
	public static ClientAdmission taken(String client, ClientLimits limits, Instant at, long estimatedTokens) {
		return new ClientAdmission(client, limits, at, estimatedTokens, null, null);
	}

	/**
	 * A share that was refused.
	 * @param client the client's name
	 * @param limits the client's limits
	 * @param at when
	 * @param estimatedTokens the tokens asked for
	 * @param over the limit that refused it
	 * @return the admission, with the start of the limit's next window
	 */
	public static ClientAdmission refused(String client, ClientLimits limits, Instant at, long estimatedTokens,
			ClientLimit over) {
		return new ClientAdmission(client, limits, at, estimatedTokens, over, nextWindow(at, over));
	}

	/**
	 * Return whether the share was taken.
	 * @return whether the call may go on
	 */
	public boolean admitted() {
		return this.over == null;
	}

	/**
	 * Return the epoch minute the share counts in.
	 * @return the minute
	 */
	public long minute() {
		return minute(this.at);
	}

	/**
	 * Return the epoch day (UTC) the share counts in.
	 * @return the day
	 */
	public long day() {
		return day(this.at);
	}

	static long minute(Instant at) {
		return Math.floorDiv(at.toEpochMilli(), 60_000L);
	}

	static long day(Instant at) {
		return Math.floorDiv(at.toEpochMilli(), 86_400_000L);
	}

	private static Instant nextWindow(Instant at, ClientLimit over) {
		return (over == ClientLimit.TOKENS_PER_DAY) ? Instant.ofEpochMilli((day(at) + 1) * 86_400_000L)
				: Instant.ofEpochMilli((minute(at) + 1) * 60_000L);
	}

}
