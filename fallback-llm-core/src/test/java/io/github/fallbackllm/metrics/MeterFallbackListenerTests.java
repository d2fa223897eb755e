package io.github.fallbackllm.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.fallbackllm.chat.Attempt;
import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.event.FallbackListener.AttemptFinished;
import io.github.fallbackllm.event.FallbackListener.CallSucceeded;
import io.github.fallbackllm.event.FallbackListener.CooldownStarted;
import io.github.fallbackllm.event.FallbackListener.TargetSkipped;
import io.github.fallbackllm.state.Cooldown;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MeterFallbackListener}.
 */
class MeterFallbackListenerTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final MeterFallbackListener listener = new MeterFallbackListener(this.registry);

	@Test
	void countsOnlyCallsThatFellBackByRouteAndTheTargetThatAnswered() {
		Attempt failed = attempt("primary", "a", AttemptOutcome.RATE_LIMITED, 40);
		Attempt answered = attempt("secondary", "b", AttemptOutcome.SUCCEEDED, 90);
		this.listener
			.onCallSucceeded(new CallSucceeded("smart", "secondary", "b", List.of(failed, answered), true, false));
		this.listener.onCallSucceeded(new CallSucceeded("smart", "secondary", "b", List.of(answered), false, false));
		this.listener
			.onCallSucceeded(new CallSucceeded("smart", "secondary", "b", List.of(failed, answered), true, true));
		this.listener
			.onCallSucceeded(new CallSucceeded("fast", "secondary", "b", List.of(failed, answered), true, false));

		assertThat(fallbacks("smart")).isEqualTo(2);
		assertThat(fallbacks("fast")).isEqualTo(1);
	}

	private double fallbacks(String route) {
		return this.registry.get(MeterFallbackListener.FALLBACKS)
			.tag("llm.fallback.route", route)
			.tag("llm.fallback.provider", "secondary")
			.tag("gen_ai.request.model", "b")
			.counter()
			.count();
	}

	@Test
	void countsSkipsByReason() {
		this.listener.onTargetSkipped(new TargetSkipped("default", attempt("primary", "a", AttemptOutcome.SKIPPED, 0)));
		this.listener.onTargetSkipped(new TargetSkipped("default", attempt("primary", "a", AttemptOutcome.SKIPPED, 0)));
		this.listener
			.onTargetSkipped(new TargetSkipped("default", attempt("primary", "a", AttemptOutcome.UNSUPPORTED, 0)));

		assertThat(this.registry.get(MeterFallbackListener.SKIPS).tag("reason", "cooling").counter().count())
			.isEqualTo(2);
		assertThat(this.registry.get(MeterFallbackListener.SKIPS).tag("reason", "capability").counter().count())
			.isEqualTo(1);
	}

	@Test
	void countsCooldownsByScopeAndCause() {
		Cooldown rateLimited = new Cooldown(Instant.EPOCH, AttemptOutcome.RATE_LIMITED, "slow down");
		Cooldown rejectedKey = new Cooldown(Instant.EPOCH, AttemptOutcome.AUTHENTICATION_FAILED, "bad key");
		this.listener.onCooldownStarted(new CooldownStarted("primary", "a", rateLimited, Duration.ofSeconds(5), null));
		this.listener
			.onCooldownStarted(new CooldownStarted("primary", null, rejectedKey, Duration.ofMinutes(5), "fix it"));

		assertThat(this.registry.get(MeterFallbackListener.COOLDOWNS)
			.tag("scope", "target")
			.tag("cause", "rate_limited")
			.counter()
			.count()).isEqualTo(1);
		assertThat(this.registry.get(MeterFallbackListener.COOLDOWNS)
			.tag("scope", "provider")
			.tag("cause", "authentication_failed")
			.counter()
			.count()).isEqualTo(1);
	}

	@Test
	void timesTheFirstChunkOfStreamsThatAnswered() {
		this.listener
			.onAttemptFinished(new AttemptFinished(attempt("primary", "a", AttemptOutcome.SUCCEEDED, 120), true));
		this.listener
			.onAttemptFinished(new AttemptFinished(attempt("primary", "a", AttemptOutcome.SUCCEEDED, 300), false));
		this.listener
			.onAttemptFinished(new AttemptFinished(attempt("primary", "a", AttemptOutcome.TIMEOUT, 900), true));

		var timer = this.registry.get(MeterFallbackListener.TIME_TO_FIRST_CHUNK)
			.tag("llm.fallback.provider", "primary")
			.timer();
		assertThat(timer.count()).isEqualTo(1);
		assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(120);
	}

	private static Attempt attempt(String provider, String model, AttemptOutcome outcome, long millis) {
		return new Attempt(provider, model, outcome, null, null, "", null, Duration.ofMillis(millis), null);
	}

}
