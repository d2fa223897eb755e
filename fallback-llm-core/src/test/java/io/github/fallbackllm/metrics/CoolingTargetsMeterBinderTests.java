package io.github.fallbackllm.metrics;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.provider.LlmProvider;
import io.github.fallbackllm.state.Cooldown;
import io.github.fallbackllm.state.Failure;
import io.github.fallbackllm.state.InMemoryTargetStateStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CoolingTargetsMeterBinder}.
 */
class CoolingTargetsMeterBinderTests {

	private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");

	private final InMemoryTargetStateStore store = new InMemoryTargetStateStore(Clock.fixed(NOW, ZoneOffset.UTC));

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	@Test
	void countsTheModelsOfEachProviderThatAreCoolingNow() {
		new CoolingTargetsMeterBinder(this.store,
				List.of(provider("primary", "a", "b", "c"), provider("secondary", "d")))
			.bindTo(this.registry);
		assertThat(cooling("primary")).isZero();

		coolDown(this.store.target("primary", "a"), NOW.plusSeconds(30));
		coolDown(this.store.target("primary", "b"), NOW.minusSeconds(1));
		assertThat(cooling("primary")).isEqualTo(1);
		assertThat(cooling("secondary")).isZero();

		coolDown(this.store.provider("secondary"), NOW.plusSeconds(300));
		assertThat(cooling("secondary")).isEqualTo(1);
	}

	@Test
	void aCoolingProviderCoolsEveryModel() {
		new CoolingTargetsMeterBinder(this.store, List.of(provider("primary", "a", "b"))).bindTo(this.registry);
		coolDown(this.store.provider("primary"), NOW.plusSeconds(300));
		assertThat(cooling("primary")).isEqualTo(2);
	}

	private double cooling(String provider) {
		return this.registry.get(CoolingTargetsMeterBinder.TARGETS_COOLING)
			.tag("llm.fallback.provider", provider)
			.gauge()
			.value();
	}

	private static void coolDown(io.github.fallbackllm.state.TargetState state, Instant until) {
		state.failed(new Failure(NOW, AttemptOutcome.RATE_LIMITED, 429, "slow down"),
				new Cooldown(until, AttemptOutcome.RATE_LIMITED, "slow down"), 1);
	}

	private static LlmProvider provider(String name, String... models) {
		return new LlmProvider() {

			@Override
			public String name() {
				return name;
			}

			@Override
			public List<String> models() {
				return List.of(models);
			}

			@Override
			public Mono<ChatResponse> chat(String model, ChatRequest request) {
				return Mono.error(new UnsupportedOperationException());
			}

		};
	}

}
