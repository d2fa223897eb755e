package io.github.fallbackllm.routing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.ChatChunk;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.chat.ToolCall;
import io.github.fallbackllm.chat.ToolDefinition;
import io.github.fallbackllm.metrics.MeterFallbackListener;
import io.github.fallbackllm.routing.selection.TargetStats;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.github.fallbackllm.routing.VirtualRouting.describe;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hedged calls on virtual time: a slow first target loses to the hedge and is cancelled,
 * a stream commits to the first chunk, the token bucket bounds the spend, the adaptive
 * delay follows the target's latency, and calls that must not hedge do not.
 *
 * @author Fallback LLM contributors
 */
class HedgingTests {

	private static final Duration AFTER = Duration.ofMillis(800);

	private final VirtualRouting routing = new VirtualRouting();

	@AfterEach
	void realTime() {
		this.routing.close();
	}

	@Test
	void aFirstTargetThatAnswersAfterTheDelayLosesToTheHedgeAndIsCancelled() {
		ScriptedProvider a = new ScriptedProvider("a", "m").answersAfter(Duration.ofSeconds(5), "slow");
		ScriptedProvider b = new ScriptedProvider("b", "m").answersAfter(Duration.ofMillis(300), "hedge");
		FallbackRouter router = route(hedged(HedgeSettings.after(AFTER)).group("a/m", "b/m").build(), a, b);

		ChatResponse answer = this.routing.call(router);

		assertThat(answer.content()).isEqualTo("hedge");
		assertThat(describe(answer)).isEqualTo("HEDGED_OUT SUCCEEDED@b");
		assertThat(answer.attempts().get(0).duration()).isEqualTo(Duration.ofMillis(1100));
		assertThat(answer.attempts().get(1).duration()).isEqualTo(Duration.ofMillis(300));
		assertThat(a.cancellations()).as("the slow request cancelled at once").isEqualTo(1);
		assertThat(this.routing.states.target("a", "m").isCoolingDown(this.routing.clock.instant()))
			.as("no cooldown for the loser")
			.isFalse();
		assertThat(this.routing.states.target("a", "m").consecutiveFailures()).as("no failure counted").isZero();
	}

	@Test
	void metersCountHedgesStartedAndWon() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		ScriptedProvider a = new ScriptedProvider("a", "m").answersAfter(Duration.ofSeconds(5), "slow")
			.answersAfter(Duration.ofMillis(1000), "first");
		ScriptedProvider b = new ScriptedProvider("b", "m").answersAfter(Duration.ofMillis(300), "hedge")
			.answersAfter(Duration.ofSeconds(3), "late");
		FallbackRouter router = this.routing
			.router(List.of(hedged(HedgeSettings.after(AFTER)).group("a/m", "b/m").build()), List.of(),
					new MeterFallbackListener(registry), a, b)
			.route("smart");

		this.routing.call(router);
		this.routing.call(router);

		assertThat(registry.get(MeterFallbackListener.HEDGES).tag("llm.fallback.route", "smart").counter().count())
			.isEqualTo(2);
		assertThat(registry.get(MeterFallbackListener.HEDGES_WON)
			.tag("llm.fallback.route", "smart")
			.tag("llm.fallback.provider", "b")
			.counter()
			.count()).isEqualTo(1);
	}

	@Test
	void aFirstTargetThatAnswersWithinTheDelayIsNeverHedged() {
		ScriptedProvider a = new ScriptedProvider("a", "m").answersAfter(Duration.ofMillis(700), "first");
		ScriptedProvider b = new ScriptedProvider("b", "m");
		FallbackRouter router = route(hedged(HedgeSettings.after(AFTER)).group("a/m", "b/m").build(), a, b);

		assertThat(describe(this.routing.call(router))).isEqualTo("SUCCEEDED@a");
		assertThat(b.calls()).isZero();
	}

	@Test
	void theFirstTargetWinsWhenItAnswersBeforeTheHedgeAndTheHedgeIsCancelled() {
		ScriptedProvider a = new ScriptedProvider("a", "m").answersAfter(Duration.ofMillis(1000), "first");
		ScriptedProvider b = new ScriptedProvider("b", "m").answersAfter(Duration.ofSeconds(3), "hedge");
		FallbackRouter router = route(hedged(HedgeSettings.after(AFTER)).group("a/m").group("b/m").build(), a, b);

		ChatResponse answer = this.routing.call(router);

		assertThat(answer.content()).isEqualTo("first");
		assertThat(describe(answer)).as("the hedge goes to the next group").isEqualTo("HEDGED_OUT SUCCEEDED@a");
		assertThat(answer.attempts().get(0).target()).isEqualTo("b/m");
		assertThat(b.cancellations()).isEqualTo(1);
	}

	@Test
	void aFailingLegDoesNotFailTheCallWhileTheHedgeRuns() {
		ScriptedProvider a = new ScriptedProvider("a", "m").failsAfter(Duration.ofMillis(1500),
				AttemptOutcome.MODEL_NOT_FOUND);
		ScriptedProvider b = new ScriptedProvider("b", "m").answersAfter(Duration.ofSeconds(1), "hedge");
		FallbackRouter router = route(hedged(HedgeSettings.after(AFTER)).group("a/m", "b/m").build(), a, b);

		assertThat(describe(this.routing.call(router))).isEqualTo("MODEL_NOT_FOUND SUCCEEDED@b");
	}

	@Test
	void whenEveryLegFailsTheCallFailsWithEveryAttempt() {
		ScriptedProvider a = new ScriptedProvider("a", "m").failsAfter(Duration.ofSeconds(1),
				AttemptOutcome.MODEL_NOT_FOUND);
		ScriptedProvider b = new ScriptedProvider("b", "m").failsAfter(Duration.ofSeconds(1),
				AttemptOutcome.MODEL_NOT_FOUND);
		FallbackRouter router = route(hedged(HedgeSettings.after(AFTER)).group("a/m", "b/m").build(), a, b);

		assertThat(describe(this.routing.failure(router).getAttempts())).isEqualTo("MODEL_NOT_FOUND MODEL_NOT_FOUND");
	}

	@Test
	void aFastFailureWithNothingLeftToHedgeFailsAtOnce() {
		ScriptedProvider a = new ScriptedProvider("a", "m").fails(AttemptOutcome.MODEL_NOT_FOUND);
		FallbackRouter router = route(hedged(HedgeSettings.after(Duration.ofSeconds(30))).group("a/m").build(), a);

		this.routing.failure(router);

		assertThat(this.routing.clock.instant().toEpochMilli()).as("no wait for a hedge that cannot start")
			.isLessThan(1000);
	}

	@Test
	void aStreamCommitsToTheFirstChunkAndNeverInterleaves() {
		ScriptedProvider a = new ScriptedProvider("a", "m").streams(Duration.ofMillis(1200), Duration.ofMillis(100),
				"a1", "a2", "a3");
		ScriptedProvider b = new ScriptedProvider("b", "m").streams(Duration.ofMillis(300), Duration.ofMillis(300),
				"b1", "b2", "b3");
		FallbackRouter router = route(hedged(HedgeSettings.after(AFTER)).group("a/m", "b/m").build(), a, b);

		List<ChatChunk> chunks = stream(router, VirtualRouting.REQUEST);

		assertThat(chunks).extracting(ChatChunk::text).containsExactly("b1", "b2", "b3", "");
		assertThat(chunks).extracting(ChatChunk::provider).containsOnly("b");
		assertThat(describe(chunks.get(0).attempts())).isEqualTo("HEDGED_OUT SUCCEEDED@b");
		assertThat(a.cancellations()).isEqualTo(1);
	}

	@Test
	void noHedgeStartsAfterAStreamCommitted() {
		ScriptedProvider a = new ScriptedProvider("a", "m").streams(Duration.ofMillis(500), Duration.ofSeconds(2), "a1",
				"a2");
		ScriptedProvider b = new ScriptedProvider("b", "m");
		FallbackRouter router = route(hedged(HedgeSettings.after(AFTER)).group("a/m", "b/m").build(), a, b);

		List<ChatChunk> chunks = stream(router, VirtualRouting.REQUEST);

		assertThat(chunks).extracting(ChatChunk::text).containsExactly("a1", "a2", "");
		assertThat(b.calls()).isZero();
	}

	@Test
	void theTokenBucketCapsExtraCallsAtTheRatioDuringATotalSlowdown() {
		ScriptedProvider a = new ScriptedProvider("a", "m").answersAfter(Duration.ofSeconds(5), "slow");
		ScriptedProvider b = new ScriptedProvider("b", "m").answersAfter(Duration.ofMillis(300), "hedge");
		FallbackRouter router = route(hedged(HedgeSettings.after(AFTER)).group("a/m", "b/m").build(), a, b);
		int calls = 300;

		for (int i = 0; i < calls; i++) {
			this.routing.call(router);
		}

		int burst = (int) (HedgeSettings.DEFAULT_MAX_RATIO * Hedging.WINDOW);
		assertThat(b.calls()).as("extra calls")
			.isLessThanOrEqualTo((int) (calls * HedgeSettings.DEFAULT_MAX_RATIO) + burst)
			.isGreaterThanOrEqualTo((int) (calls * HedgeSettings.DEFAULT_MAX_RATIO));
		assertThat(a.calls()).as("every call still tried the first target").isEqualTo(calls);
	}

	@Test
	void moreHedgesOfOneCallStartOneDelayApart() {
		ScriptedProvider a = new ScriptedProvider("a", "m").answersAfter(Duration.ofSeconds(5), "slow");
		ScriptedProvider b = new ScriptedProvider("b", "m").answersAfter(Duration.ofSeconds(5), "slow too");
		ScriptedProvider c = new ScriptedProvider("c", "m").answersAfter(Duration.ofMillis(100), "third");
		FallbackRouter router = route(
				hedged(HedgeSettings.after(AFTER).withLimits(2, 0.5)).group("a/m", "b/m", "c/m").build(), a, b, c);

		ChatResponse answer = this.routing.call(router);

		assertThat(describe(answer)).isEqualTo("HEDGED_OUT HEDGED_OUT SUCCEEDED@c");
		assertThat(answer.attempts().get(2).duration()).isEqualTo(Duration.ofMillis(100));
		assertThat(answer.attempts().get(0).duration()).isEqualTo(Duration.ofMillis(1700));
	}

	@Test
	void theAdaptiveDelayFollowsALatencyShiftWithinSixCalls() {
		Hedging hedging = new Hedging(
				HedgeSettings.afterQuantile(0.95).withBounds(Duration.ofMillis(50), Duration.ofSeconds(5)));
		TargetStats stats = new TargetStats();
		assertThat(hedging.delay(stats)).as("the ceiling until measured").isEqualTo(Duration.ofSeconds(5));
		for (int i = 0; i < 50; i++) {
			stats.measured(Duration.ofMillis(200).toNanos());
		}
		assertThat(hedging.delay(stats)).isEqualTo(Duration.ofMillis(200));

		int calls = 0;
		while (!hedging.delay(stats).equals(Duration.ofSeconds(1)) && calls < 100) {
			stats.measured(Duration.ofSeconds(1).toNanos());
			calls++;
		}

		assertThat(calls).as("calls until the p95 is the new latency").isLessThanOrEqualTo(6);
		for (int i = 0; i < 200; i++) {
			stats.measured(Duration.ofMillis(10).toNanos());
		}
		assertThat(hedging.delay(stats)).as("never below the floor").isEqualTo(Duration.ofMillis(50));
	}

	@Test
	void noHedgeWhenTheRequestOptsOut() {
		ScriptedProvider a = new ScriptedProvider("a", "m").answersAfter(Duration.ofSeconds(2), "slow");
		ScriptedProvider b = new ScriptedProvider("b", "m");
		FallbackRouter router = route(hedged(HedgeSettings.after(AFTER)).group("a/m", "b/m").build(), a, b);

		ChatResponse answer = this.routing.call(router, ChatRequest.builder().user("Hi").hedge(false).build());

		assertThat(describe(answer)).isEqualTo("SUCCEEDED@a");
		assertThat(b.calls()).isZero();
	}

	@Test
	void noHedgeWhenTheCallCarriesToolResults() {
		ScriptedProvider a = new ScriptedProvider("a", "m").answersAfter(Duration.ofSeconds(2), "slow");
		ScriptedProvider b = new ScriptedProvider("b", "m");
		FallbackRouter router = route(hedged(HedgeSettings.after(AFTER)).group("a/m", "b/m").build(), a, b);
		ChatRequest withToolResult = ChatRequest.builder()
			.user("Weather?")
			.message(io.github.fallbackllm.chat.ChatMessage.assistant("",
					List.of(new ToolCall("call_1", "weather", "{}"))))
			.toolResult("call_1", "sunny")
			.tools(ToolDefinition.of("weather", "The weather", "{\"type\":\"object\"}"))
			.build();

		assertThat(describe(this.routing.call(router, withToolResult))).isEqualTo("SUCCEEDED@a");
		assertThat(b.calls()).isZero();
	}

	@Test
	void noHedgeOnARouteWithoutHedge() {
		ScriptedProvider a = new ScriptedProvider("a", "m").answersAfter(Duration.ofSeconds(2), "slow");
		ScriptedProvider b = new ScriptedProvider("b", "m");
		FallbackRouter router = route(Route.builder("smart").group("a/m", "b/m").build(), a, b);

		assertThat(describe(this.routing.call(router))).isEqualTo("SUCCEEDED@a");
		assertThat(b.calls()).isZero();
	}

	private static Route.Builder hedged(HedgeSettings settings) {
		return Route.builder("smart").hedge(settings);
	}

	private FallbackRouter route(Route route, ScriptedProvider... providers) {
		return this.routing.router(List.of(route), List.of(), providers).route(route.name());
	}

	private List<ChatChunk> stream(FallbackRouter router, ChatRequest request) {
		List<ChatChunk> chunks = new ArrayList<>();
		AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
		AtomicReference<Boolean> done = new AtomicReference<>(false);
		router.stream(request).subscribe(chunks::add, failure::set, () -> done.set(true));
		this.routing.advanceUntil(() -> done.get() || failure.get() != null);
		assertThat(failure.get()).isNull();
		assertThat(done.get()).isTrue();
		return chunks;
	}

}
