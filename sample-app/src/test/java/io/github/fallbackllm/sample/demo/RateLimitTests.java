package io.github.fallbackllm.sample.demo;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RateLimit}.
 */
class RateLimitTests {

	private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

	private final RateLimit rateLimit = new RateLimit(Duration.ofSeconds(15), this.nanos::get);

	@Test
	void firstRequestIsRefusedForAWholeWindow() {
		assertThat(this.rateLimit.acquire()).isEqualTo(Duration.ofSeconds(15));
	}

	@Test
	void requestsWithinTheFirstWindowAreRefusedForWhatIsLeftOfIt() {
		this.rateLimit.acquire();
		advance(Duration.ofSeconds(5));
		assertThat(this.rateLimit.acquire()).isEqualTo(Duration.ofSeconds(10));
	}

	@Test
	void oneRequestPerWindowIsServedOnceTheFirstWindowHasPassed() {
		this.rateLimit.acquire();
		advance(Duration.ofSeconds(15));
		assertThat(this.rateLimit.acquire()).isNull();
		assertThat(this.rateLimit.acquire()).isEqualTo(Duration.ofSeconds(15));
		advance(Duration.ofSeconds(16));
		assertThat(this.rateLimit.acquire()).isNull();
	}

	private void advance(Duration duration) {
		this.nanos.addAndGet(duration.toNanos());
	}

}
