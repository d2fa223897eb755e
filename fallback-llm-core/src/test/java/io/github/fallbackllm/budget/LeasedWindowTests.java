package io.github.fallbackllm.budget;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Windows leased from a store that the test answers by hand, on minutes the test sets.
 *
 * @author Fallback LLM contributors
 */
class LeasedWindowTests {

	private static final long MINUTE = Instant.parse("2026-12-07T10:15:00Z").getEpochSecond() / 60;

	private final FakeStore store = new FakeStore();

	@Test
	void anInstanceTakesOneSliceOnCreditThenWaitsForItsFirstLease() {
		LeasedWindow window = new LeasedWindow(this.store, "openai/gpt-4o", "rpm");
		assertThat(window.tryTake(MINUTE, 1, 300)).isTrue();
		assertThat(window.tryTake(MINUTE, 1, 300)).isTrue();
		assertThat(window.tryTake(MINUTE, 1, 300)).isTrue();
		// A slice is 1 % of the limit: 3 requests; the fourth waits for the lease.
		assertThat(window.tryTake(MINUTE, 1, 300)).isFalse();
		assertThat(this.store.asked).hasSize(1);
		// The first call owes its request, and asks for a slice.
		assertThat(this.store.asked.get(0)).isEqualTo(new Asked(MINUTE, 1, 3));
		this.store.answer();
		assertThat(this.store.total("rpm", MINUTE)).isEqualTo(4);
		assertThat(window.tryTake(MINUTE, 1, 300)).isTrue();
	}

	@Test
	void theInstancesTogetherAdmitTheLimitAndNoMore() {
		List<LeasedWindow> instances = List.of(new LeasedWindow(this.store, "t", "rpm"),
				new LeasedWindow(this.store, "t", "rpm"), new LeasedWindow(this.store, "t", "rpm"));
		this.store.immediate = true;
		int admitted = 0;
		for (int i = 0; i < 1_000; i++) {
			if (instances.get(i % 3).tryTake(MINUTE, 1, 300)) {
				admitted++;
			}
		}
		assertThat(admitted).isEqualTo(300);
		assertThat(this.store.total("rpm", MINUTE)).isEqualTo(300);
		assertThat(instances).allSatisfy((window) -> assertThat(window.fits(MINUTE, 1, 300)).isFalse());
	}

	@Test
	void creditTakenInAMinuteTheOthersSpentIsTheOverAdmissionAndIsCounted() {
		LeasedWindow first = new LeasedWindow(this.store, "t", "rpm");
		this.store.immediate = true;
		while (first.tryTake(MINUTE, 1, 200)) {
		}
		assertThat(this.store.total("rpm", MINUTE)).isEqualTo(200);
		this.store.immediate = false;
		LeasedWindow late = new LeasedWindow(this.store, "t", "rpm");
		assertThat(late.tryTake(MINUTE, 1, 200)).isTrue();
		assertThat(late.tryTake(MINUTE, 1, 200)).isTrue();
		assertThat(late.tryTake(MINUTE, 1, 200)).isFalse();
		this.store.answer();
		assertThat(late.fits(MINUTE, 1, 200)).isFalse();
		assertThat(late.tryTake(MINUTE, 1, 200)).isFalse();
		this.store.answer();
		// Two on credit, at most one slice (1 % of 200): counted, and nothing more given.
		assertThat(this.store.total("rpm", MINUTE)).isEqualTo(202);
	}

	@Test
	void slicesFollowTheDemandSeenWhileALeaseWasOnItsWayUpToFivePercent() {
		LeasedWindow window = new LeasedWindow(this.store, "t", "rpm");
		window.tryTake(MINUTE, 1, 1_000);
		for (int i = 0; i < 200; i++) {
			window.tryTake(MINUTE, 1, 1_000);
		}
		this.store.answer();
		window.tryTake(MINUTE, 1, 1_000);
		assertThat(this.store.asked).extracting(Asked::wanted).containsExactly(10L, 50L);
		assertThat(this.store.asked).extracting(Asked::owed).containsExactly(1L, 0L);
	}

	@Test
	void tokensUsedBeyondTheEstimateAreOwedAndCountedWithTheNextLease() {
		LeasedWindow window = new LeasedWindow(this.store, "t", "tpm");
		this.store.immediate = true;
		assertThat(window.tryTake(MINUTE, 500, 100_000)).isTrue();
		window.add(MINUTE, 4_000);
		window.tryTake(MINUTE, 500, 100_000);
		assertThat(this.store.asked).anySatisfy((asked) -> assertThat(asked.owed()).isPositive());
		assertThat(this.store.total("tpm", MINUTE)).isGreaterThanOrEqualTo(5_000);
	}

	@Test
	void aNewMinuteStartsAfreshAndALateLeaseOfTheLastOneIsIgnored() {
		LeasedWindow window = new LeasedWindow(this.store, "t", "rpm");
		window.tryTake(MINUTE, 1, 100);
		assertThat(window.tryTake(MINUTE + 1, 1, 100)).isTrue();
		this.store.answer();
		assertThat(window.used(MINUTE + 1)).isEqualTo(1);
		assertThat(window.fits(MINUTE + 1, 1, 100)).isTrue();
	}

	@Test
	void whileTheStoreIsOutTheInstanceCountsAgainstTheWholeLimit() {
		LeasedWindow window = new LeasedWindow(this.store, "t", "rpm");
		this.store.shared = false;
		for (int i = 0; i < 5; i++) {
			assertThat(window.tryTake(MINUTE, 1, 5)).isTrue();
		}
		assertThat(window.tryTake(MINUTE, 1, 5)).isFalse();
		assertThat(this.store.asked).isEmpty();
	}

	private record Asked(long minute, long owed, long wanted) {

	}

	/** Counts like the Redis script; answers at once or when the test says. */
	private static final class FakeStore implements BudgetStore {

		private final Map<String, Long> totals = new HashMap<>();

		private final List<Asked> asked = new ArrayList<>();

		private final List<Runnable> waiting = new ArrayList<>();

		private boolean shared = true;

		private boolean immediate;

		@Override
		public boolean isShared() {
			return this.shared;
		}

		@Override
		public Mono<BudgetLease> lease(String target, String window, long minute, long owed, long wanted, long limit) {
			this.asked.add(new Asked(minute, owed, wanted));
			Sinks.One<BudgetLease> answer = Sinks.one();
			Runnable count = () -> {
				String key = target + ":" + window + ":" + minute;
				long total = this.totals.getOrDefault(key, 0L) + owed;
				long granted = Math.max(0, Math.min(wanted, limit - total));
				this.totals.put(key, total + granted);
				answer.tryEmitValue(new BudgetLease(granted, total + granted));
			};
			if (this.immediate) {
				count.run();
			}
			else {
				this.waiting.add(count);
			}
			return answer.asMono();
		}

		void answer() {
			List<Runnable> now = List.copyOf(this.waiting);
			this.waiting.clear();
			now.forEach(Runnable::run);
		}

		long total(String window, long minute) {
			return this.totals.entrySet()
				.stream()
				.filter((entry) -> entry.getKey().endsWith(":" + window + ":" + minute))
				.mapToLong(Map.Entry::getValue)
				.sum();
		}

	}

}
