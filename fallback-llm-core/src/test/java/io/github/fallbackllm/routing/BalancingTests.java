package io.github.fallbackllm.routing;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.github.fallbackllm.routing.selection.TargetSelectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the load-aware strategies share calls between a fast and a slow target (100 ms
 * against 500 ms to the answer), with calls kept in flight on virtual time.
 *
 * @author Fallback LLM contributors
 */
class BalancingTests {

	private static final int CALLS = 2_000;

	private static final int IN_FLIGHT = 8;

	private final VirtualRouting routing = new VirtualRouting();

	@AfterEach
	void realTime() {
		this.routing.close();
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { TargetSelectors.LEAST_BUSY, TargetSelectors.LOWEST_LATENCY })
	void mostCallsGoToTheFasterTargetYetTheSlowerIsStillMeasured(String strategy) {
		ScriptedProvider slow = new ScriptedProvider("slow", "m").answersAfter(Duration.ofMillis(500), "slow");
		ScriptedProvider fast = new ScriptedProvider("fast", "m").answersAfter(Duration.ofMillis(100), "fast");
		FallbackRouter router = balanced(strategy, slow, fast);

		run(router, CALLS);

		assertThat(fast.calls()).as("calls to the faster target").isGreaterThanOrEqualTo(CALLS * 80 / 100);
		assertThat(slow.calls()).as("calls to the slower target").isGreaterThanOrEqualTo(CALLS / 100);
	}

	@Test
	void lowestLatencyMeasuresASlowTargetAgainAndMovesToItOnceItIsFaster() {
		ScriptedProvider recovering = new ScriptedProvider("recovering", "m").answersAfter(Duration.ofMillis(500),
				"slow");
		ScriptedProvider steady = new ScriptedProvider("steady", "m").answersAfter(Duration.ofMillis(100), "steady");
		FallbackRouter router = balanced(TargetSelectors.LOWEST_LATENCY, recovering, steady);
		run(router, CALLS);
		int before = recovering.calls();

		recovering.answersAfter(Duration.ofMillis(20), "fast again");
		run(router, CALLS);

		assertThat(recovering.calls() - before).as("calls to the recovered target once it is faster")
			.isGreaterThanOrEqualTo(CALLS * 80 / 100);
	}

	private FallbackRouter balanced(String strategy, ScriptedProvider first, ScriptedProvider second) {
		Route route = Route.builder("balanced")
			.group(RouteGroup.of(strategy, RouteTarget.of(first.name() + "/m"), RouteTarget.of(second.name() + "/m")))
			.build();
		Random random = new Random(11);
		return this.routing
			.router(List.of(route), List.of(TargetSelectors.lowestLatency(() -> random, TargetSelectors.EXPLORATION)),
					first, second)
			.route("balanced");
	}

	/** Keep {@value #IN_FLIGHT} calls in flight until {@code calls} have ended. */
	private void run(FallbackRouter router, int calls) {
		AtomicInteger started = new AtomicInteger();
		AtomicInteger ended = new AtomicInteger();
		AtomicReference<Throwable> failure = new AtomicReference<>();
		Runnable[] next = new Runnable[1];
		next[0] = () -> {
			if (started.incrementAndGet() <= calls) {
				router.chat(VirtualRouting.REQUEST).subscribe(null, failure::set, () -> {
					ended.incrementAndGet();
					next[0].run();
				});
			}
		};
		for (int i = 0; i < IN_FLIGHT; i++) {
			next[0].run();
		}
		while (ended.get() < calls && failure.get() == null) {
			this.routing.time.advanceTimeBy(Duration.ofMillis(10));
		}
		assertThat(failure.get()).isNull();
	}

}
