package io.github.fallbackllm.redis;

import java.time.Duration;

/**
 * How a {@link RedisTargetStateStore} uses Redis.
 *
 * @param keyPrefix prefix of every key and of the channel, so that applications sharing
 * one Redis do not mix
 * @param timeout longest wait for one Redis command; past it, the instance works on its
 * local copy until Redis answers again
 * @param resyncInterval how often the local copy is compared with Redis, which covers
 * missed messages and detects Redis's return
 * @param trialLead how long before a cooldown ends the instances race for its trial
 * lease, so that the winner is known when calls may try the target again
 * @param trialLease how long the winner of the trial lease keeps it, unless its trial
 * reports back first
 * @param failureWindow how long a shared failure count lasts without a new failure
 * @author Fallback LLM contributors
 */
public record RedisStateSettings(String keyPrefix, Duration timeout, Duration resyncInterval, Duration trialLead,
		Duration trialLease, Duration failureWindow) {

	/** Default {@link #timeout()}. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

	/** Default {@link #resyncInterval()}. */
	public static final Duration DEFAULT_RESYNC_INTERVAL = Duration.ofSeconds(5);

	/** Default {@link #trialLead()}. */
	public static final Duration DEFAULT_TRIAL_LEAD = Duration.ofMillis(200);

	/** Default {@link #trialLease()}. */
	public static final Duration DEFAULT_TRIAL_LEASE = Duration.ofSeconds(10);

	/** Default {@link #failureWindow()}. */
	public static final Duration DEFAULT_FAILURE_WINDOW = Duration.ofMinutes(5);

	/**
	 * Return the default settings under the given key prefix.
	 * @param keyPrefix the key prefix
	 * @return the settings
	 */
	public static RedisStateSettings of(String keyPrefix) {
		return new RedisStateSettings(keyPrefix, DEFAULT_TIMEOUT, DEFAULT_RESYNC_INTERVAL, DEFAULT_TRIAL_LEAD,
				DEFAULT_TRIAL_LEASE, DEFAULT_FAILURE_WINDOW);
	}

}
