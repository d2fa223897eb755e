package io.github.fallbackllm.routing.selection;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;

import io.github.fallbackllm.chat.ChatRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The built-in strategies on their own: given a group and which of its targets are
 * usable, the order each returns.
 *
 * @author Fallback LLM contributors
 */
class TargetSelectorsTests {

	private static final ChatRequest REQUEST = ChatRequest.of("Hi");

	@Test
	void orderedKeepsConfiguredOrderUsableOrNot() {
		TargetGroup group = group(target("a", 1), target("b", 1), target("c", 1));

		int[] order = TargetSelectors.ordered().select(group, usable(group, "b"));

		assertThat(order).containsExactly(0, 1, 2);
		assertThat(TargetSelectors.ordered().select(group, usable(group))).as("a constant: nothing allocated")
			.isSameAs(order);
	}

	@Test
	void weightedPicksInProportionToWeight() {
		TargetGroup group = group(target("a", 3), target("b", 1));
		TargetSelector weighted = TargetSelectors.weighted(seeded(42));
		SelectionContext all = usable(group, "a", "b");

		int first = 0;
		for (int i = 0; i < 10_000; i++) {
			int[] order = weighted.select(group, all);
			assertThat(order).containsExactlyInAnyOrder(0, 1);
			first += (order[0] == 0) ? 1 : 0;
		}

		assertThat(first / 10_000.0).isCloseTo(0.75, within(0.03));
	}

	@Test
	void everyStrategyPutsUsableTargetsFirstAndKeepsTheOthersInOrderAfterThem() {
		TargetGroup group = group(target("a", 5), target("b", 1), target("c", 1), target("d", 5));
		SelectionContext onlyBAndC = usable(group, "b", "c");
		for (TargetSelector selector : List.of(TargetSelectors.weighted(seeded(1)), TargetSelectors.roundRobin(),
				TargetSelectors.leastBusy(), TargetSelectors.lowestLatency(seeded(1), 0.5))) {
			for (int i = 0; i < 100; i++) {
				int[] order = selector.select(group, onlyBAndC);
				assertThat(Arrays.copyOfRange(order, 0, 2)).as(selector.name()).containsExactlyInAnyOrder(1, 2);
				assertThat(Arrays.copyOfRange(order, 2, 4)).as(selector.name()).containsExactly(0, 3);
			}
		}
	}

	@Test
	void roundRobinStartsEachCallAtTheNextUsableTarget() {
		TargetGroup group = group(target("a", 1), target("b", 1), target("c", 1));
		TargetSelector roundRobin = TargetSelectors.roundRobin();
		SelectionContext all = usable(group, "a", "b", "c");

		assertThat(roundRobin.select(group, all)).containsExactly(0, 1, 2);
		assertThat(roundRobin.select(group, all)).containsExactly(1, 2, 0);
		assertThat(roundRobin.select(group, all)).containsExactly(2, 0, 1);
		SelectionContext aAndC = usable(group, "a", "c");
		assertThat(roundRobin.select(group, aAndC)).as("over the usable ones only").containsExactly(2, 0, 1);
		assertThat(roundRobin.select(group, aAndC)).containsExactly(0, 2, 1);
	}

	@Test
	void leastBusyPrefersFewestCallsInFlightAndSharesTies() {
		FakeCandidate a = target("a", 1);
		FakeCandidate b = target("b", 1);
		TargetGroup group = group(a, b);
		TargetSelector leastBusy = TargetSelectors.leastBusy();
		SelectionContext all = usable(group, "a", "b");
		a.stats().started();
		a.stats().started();
		b.stats().started();

		assertThat(leastBusy.select(group, all)[0]).isEqualTo(1);
		b.stats().started();
		b.stats().started();
		assertThat(leastBusy.select(group, all)[0]).isEqualTo(0);
		b.stats().ended();
		assertThat(new int[] { leastBusy.select(group, all)[0], leastBusy.select(group, all)[0] })
			.as("tied: each in turn")
			.containsExactlyInAnyOrder(0, 1);
	}

	@Test
	void lowestLatencyPrefersUnmeasuredThenFastestAndExploresASmallShare() {
		FakeCandidate slow = target("slow", 1);
		FakeCandidate fast = target("fast", 1);
		FakeCandidate fresh = target("fresh", 1);
		TargetGroup group = group(slow, fast, fresh);
		slow.stats().measured(500_000_000);
		fast.stats().measured(100_000_000);
		SelectionContext all = usable(group, "slow", "fast", "fresh");

		assertThat(TargetSelectors.lowestLatency(seeded(3), 0).select(group, all)).containsExactly(2, 1, 0);
		fresh.stats().measured(300_000_000);
		TargetSelector lowestLatency = TargetSelectors.lowestLatency(seeded(3), TargetSelectors.EXPLORATION);
		int fastFirst = 0;
		for (int i = 0; i < 10_000; i++) {
			fastFirst += (lowestLatency.select(group, all)[0] == 1) ? 1 : 0;
		}
		assertThat(fastFirst / 10_000.0).isCloseTo(1 - TargetSelectors.EXPLORATION, within(0.01));
	}

	@Test
	void theMovingAverageFollowsRecentLatency() {
		TargetStats stats = new TargetStats();
		assertThat(stats.isMeasured()).isFalse();
		stats.measured(1_000);
		assertThat(stats.latencyNanos()).isEqualTo(1_000);
		for (int i = 0; i < 30; i++) {
			stats.measured(100);
		}
		assertThat(stats.latencyNanos()).isLessThan(110);
	}

	private static java.util.function.Supplier<Random> seeded(long seed) {
		Random random = new Random(seed);
		return () -> random;
	}

	private static FakeCandidate target(String provider, int weight) {
		return new FakeCandidate(provider, weight, new TargetStats());
	}

	private static TargetGroup group(FakeCandidate... targets) {
		return new TargetGroup(List.of(targets));
	}

	private static SelectionContext usable(TargetGroup group, String... providers) {
		Set<String> usable = Set.of(providers);
		return new SelectionContext() {

			@Override
			public ChatRequest request() {
				return REQUEST;
			}

			@Override
			public boolean isUsable(Candidate candidate) {
				return usable.contains(candidate.provider());
			}

		};
	}

	private record FakeCandidate(String provider, int weight, TargetStats stats) implements Candidate {

		@Override
		public String model() {
			return "m";
		}

	}

}
