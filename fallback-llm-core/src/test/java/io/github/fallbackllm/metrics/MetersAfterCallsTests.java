package io.github.fallbackllm.metrics;

import java.util.List;

import io.github.fallbackllm.FallbackChatService;
import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.state.InMemoryTargetStateStore;
import io.github.fallbackllm.testsupport.InMemoryProvider;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The meters of a service observed as Spring Boot's actuator observes it, after a known
 * sequence of calls: a fallback past a rate-limited primary, then a call and a stream
 * that skip it while it cools down.
 */
class MetersAfterCallsTests {

	private final MeterRegistry meters = new SimpleMeterRegistry();

	@Test
	void metersCountWhatTheCallsDid() {
		InMemoryTargetStateStore store = new InMemoryTargetStateStore();
		InMemoryProvider primary = InMemoryProvider.failing("primary", "openai", AttemptOutcome.RATE_LIMITED);
		InMemoryProvider secondary = InMemoryProvider.answering("secondary", "anthropic");
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig()
			.observationHandler(new DefaultMeterObservationHandler(this.meters))
			.observationHandler(new TokenUsageMeterObservationHandler(this.meters));
		FallbackChatService service = FallbackChatService.builder()
			.provider(primary)
			.provider(secondary)
			.stateStore(store)
			.observationRegistry(observations)
			.listener(new MeterFallbackListener(this.meters))
			.build();
		new CoolingTargetsMeterBinder(store, List.of(primary, secondary)).bindTo(this.meters);

		service.chat("First: the primary is rate limited");
		service.chat("Second: the primary is cooling");
		service.stream(ChatRequest.of("Third: streamed, the primary still cooling")).blockLast();

		assertThat(
				timerCount("gen_ai.client.operation", "llm.fallback.provider", "primary", "error.type", "rate_limited"))
			.isEqualTo(1);
		assertThat(timerCount("gen_ai.client.operation", "llm.fallback.provider", "secondary")).isEqualTo(3);
		assertThat(timerCount("llm.fallback.call", "outcome", "served", "hops", "1")).isEqualTo(3);
		assertThat(timerCount("llm.fallback.call", "llm.fallback.stream", "true")).isEqualTo(1);
		assertThat(this.meters.get(MeterFallbackListener.FALLBACKS).counter().count()).isEqualTo(1);
		assertThat(this.meters.get(MeterFallbackListener.SKIPS).tag("reason", "cooling").counter().count())
			.isEqualTo(2);
		assertThat(this.meters.get(MeterFallbackListener.COOLDOWNS)
			.tag("scope", "target")
			.tag("cause", "rate_limited")
			.counter()
			.count()).isEqualTo(1);
		assertThat(this.meters.get(CoolingTargetsMeterBinder.TARGETS_COOLING)
			.tag("llm.fallback.provider", "primary")
			.gauge()
			.value()).isEqualTo(1);
		assertThat(this.meters.get(MeterFallbackListener.TIME_TO_FIRST_CHUNK).timer().count()).isEqualTo(1);
		assertThat(this.meters.get(TokenUsageMeterObservationHandler.TOKEN_USAGE)
			.tag("gen_ai.token.type", "input")
			.tag("gen_ai.provider.name", "anthropic")
			.tag("gen_ai.response.model", "secondary-model-v1")
			.counter()
			.count()).isEqualTo(36);
		assertThat(this.meters.get(TokenUsageMeterObservationHandler.TOKEN_USAGE)
			.tag("gen_ai.token.type", "output")
			.counter()
			.count()).isEqualTo(9);
	}

	private long timerCount(String name, String... tags) {
		return this.meters.get(name).tags(tags).timers().stream().mapToLong((timer) -> timer.count()).sum();
	}

}
