package io.github.fallbackllm.metrics;

import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MeterCache}.
 */
class MeterCacheTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final AtomicInteger registrations = new AtomicInteger();

	private final MeterCache<String, Counter> counters = new MeterCache<>(this.registry, (key) -> {
		this.registrations.incrementAndGet();
		return Counter.builder("test.counter").tag("key", key).register(this.registry);
	});

	@Test
	void registersEachKeyOnceAndReusesItsMeter() {
		this.counters.get("a").increment();
		this.counters.get("a").increment();
		this.counters.get("b").increment();

		assertThat(this.registrations).hasValue(2);
		assertThat(this.registry.get("test.counter").tag("key", "a").counter().count()).isEqualTo(2);
	}

	@Test
	void registersAgainAMeterRemovedFromTheRegistry() {
		this.counters.get("a").increment();
		this.registry.remove(this.registry.get("test.counter").tag("key", "a").counter());

		this.counters.get("a").increment();

		assertThat(this.registry.get("test.counter").tag("key", "a").counter().count()).isEqualTo(1);
	}

	@Test
	void keysPastTheBoundAreRegisteredOnEachUseAndStillCounted() {
		for (int key = 0; key < MeterCache.MAX_KEYS; key++) {
			this.counters.get("k" + key);
		}
		this.registrations.set(0);

		this.counters.get("over").increment();
		this.counters.get("over").increment();

		assertThat(this.registrations).hasValue(2);
		assertThat(this.registry.get("test.counter").tag("key", "over").counter().count()).isEqualTo(2);
		this.counters.get("k0");
		assertThat(this.registrations).hasValue(2);
	}

}
