package io.github.fallbackllm.routing;

import java.time.Duration;

/**
 * When and for how long a failing target is skipped by later calls.
 *
 * @param failureThreshold consecutive transient failures that cool a target down
 * @param duration cooldown after transient failures, or after a rate limit that named no
 * {@code Retry-After}
 * @param longDuration cooldown after failures that do not heal by themselves (rejected
 * key, exhausted quota, unknown model); also the longest a {@code Retry-After} can cool a
 * target down
 * @author Fallback LLM contributors
 */
public record CooldownSettings(int failureThreshold, Duration duration, Duration longDuration) {

	public static final CooldownSettings DEFAULTS = new CooldownSettings(3, Duration.ofSeconds(30),
			Duration.ofMinutes(5));

}
