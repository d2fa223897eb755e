package io.github.fallbackllm.routing;

import java.time.Duration;
import java.util.function.Predicate;

import org.springframework.core.retry.RetryPolicy;

/**
 * How one target is retried after a transient failure, before the chain moves on.
 *
 * @param maxRetries retries after the first attempt
 * @param delay wait before the first retry
 * @param multiplier factor applied to the wait after each retry
 * @param maxDelay longest wait between retries
 * @param jitter random variation added to each wait, so that concurrent calls spread out
 * @param maxRetryAfter longest {@code Retry-After} worth waiting for; a provider that
 * asks for more is left for the next target
 * @author Fallback LLM contributors
 */
public record RetrySettings(int maxRetries, Duration delay, double multiplier, Duration maxDelay, Duration jitter,
		Duration maxRetryAfter) {

	/**
	 * One retry after 200 ms: the next target is usually a better bet than a second retry
	 * of a failing one.
	 */
	public static final RetrySettings DEFAULTS = new RetrySettings(1, Duration.ofMillis(200), 2, Duration.ofSeconds(2),
			Duration.ofMillis(50), Duration.ofSeconds(10));

	/**
	 * Return a Spring Framework {@link RetryPolicy} with these settings.
	 * @param retryable which failures are worth retrying
	 * @return the policy
	 */
	public RetryPolicy toRetryPolicy(Predicate<Throwable> retryable) {
		return RetryPolicy.builder()
			.maxRetries(this.maxRetries)
			.delay(this.delay)
			.multiplier(this.multiplier)
			.maxDelay(this.maxDelay)
			.jitter(this.jitter)
			.predicate(retryable)
			.build();
	}

}
