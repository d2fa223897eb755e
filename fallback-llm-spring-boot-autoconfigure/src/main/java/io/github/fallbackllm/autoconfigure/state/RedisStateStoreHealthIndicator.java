package io.github.fallbackllm.autoconfigure.state;

import io.github.fallbackllm.redis.RedisStoreStatus;
import io.github.fallbackllm.redis.RedisTargetStateStore;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code llmStateStore} health indicator: {@code UP} while target states are shared
 * through Redis, {@code DEGRADED} while Redis is out and this instance works on its own
 * state. Calls keep being served either way, so {@code DEGRADED} is not in Spring Boot's
 * status order and leaves the application's status as it is; add it to
 * {@code management.endpoint.health.status.order} to have it count.
 *
 * @author Fallback LLM contributors
 */
public class RedisStateStoreHealthIndicator implements HealthIndicator {

	/** Redis is out: target states are not shared. */
	public static final Status DEGRADED = new Status("DEGRADED",
			"Redis is out: this instance works on its own target states until it answers again");

	private final RedisTargetStateStore store;

	public RedisStateStoreHealthIndicator(RedisTargetStateStore store) {
		this.store = store;
	}

	@Override
	public Health health() {
		RedisStoreStatus status = this.store.status();
		Health.Builder health = (status.shared() ? Health.up() : Health.status(DEGRADED)).withDetail("store", "redis")
			.withDetail("shared", status.shared());
		if (status.since() != null) {
			health.withDetail("since", status.since().toString());
		}
		if (status.problem() != null) {
			health.withDetail("problem", status.problem());
		}
		return health.build();
	}

}
