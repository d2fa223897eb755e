package io.github.fallbackllm.budget;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Budgets of named clients on a clock the test sets.
 *
 * @author Fallback LLM contributors
 */
class LocalClientBudgetsTests {

	private static final Instant MINUTE = Instant.parse("2026-12-07T10:15:00Z");

	private final TestClock clock = new TestClock(MINUTE);

	private final LocalClientBudgets budgets = new LocalClientBudgets(this.clock);

	@Test
	void requestsPerMinuteAreTakenUntilSpentAndComeBackInTheNextMinute() {
		ClientLimits limits = new ClientLimits(3, 0, 0);
		for (int i = 0; i < 3; i++) {
			assertThat(this.budgets.tryAcquire("team-a", limits, 10).admitted()).isTrue();
		}
		this.clock.set(MINUTE.plusSeconds(59));
		ClientAdmission refused = this.budgets.tryAcquire("team-a", limits, 10);
		assertThat(refused.over()).isEqualTo(ClientLimit.RPM);
		assertThat(refused.retryAt()).isEqualTo(MINUTE.plusSeconds(60));
		this.clock.set(MINUTE.plusSeconds(60));
		assertThat(this.budgets.tryAcquire("team-a", limits, 10).admitted()).isTrue();
	}

	@Test
	void clientsHaveWindowsOfTheirOwn() {
		ClientLimits limits = new ClientLimits(1, 0, 0);
		assertThat(this.budgets.tryAcquire("team-a", limits, 0).admitted()).isTrue();
		assertThat(this.budgets.tryAcquire("team-a", limits, 0).admitted()).isFalse();
		assertThat(this.budgets.tryAcquire("team-b", limits, 0).admitted()).isTrue();
	}

	@Test
	void tokensAreTakenAsAnEstimateAndSettledAgainstTheUsage() {
		ClientLimits limits = new ClientLimits(0, 1_000, 0);
		ClientAdmission first = this.budgets.tryAcquire("team-a", limits, 600);
		assertThat(first.admitted()).isTrue();
		assertThat(this.budgets.tryAcquire("team-a", limits, 600).over()).isEqualTo(ClientLimit.TPM);

		// The call used 100 tokens, not 600: 900 are left this minute.
		this.budgets.settle(first, 100);
		assertThat(this.budgets.tryAcquire("team-a", limits, 900).admitted()).isTrue();
		assertThat(this.budgets.tryAcquire("team-a", limits, 1).over()).isEqualTo(ClientLimit.TPM);
	}

	@Test
	void usageOverTheEstimateIsCountedToo() {
		ClientLimits limits = new ClientLimits(0, 1_000, 0);
		this.budgets.settle(this.budgets.tryAcquire("team-a", limits, 100), 950);
		assertThat(this.budgets.tryAcquire("team-a", limits, 51).over()).isEqualTo(ClientLimit.TPM);
		assertThat(this.budgets.tryAcquire("team-a", limits, 50).admitted()).isTrue();
	}

	@Test
	void aSettlementAfterItsMinuteChangesNothing() {
		ClientLimits limits = new ClientLimits(0, 1_000, 0);
		ClientAdmission late = this.budgets.tryAcquire("team-a", limits, 100);
		this.clock.set(MINUTE.plusSeconds(61));
		this.budgets.settle(late, 1_000);
		assertThat(this.budgets.tryAcquire("team-a", limits, 1_000).admitted()).isTrue();
	}

	@Test
	void aRefusedCallTakesNothingFromTheOtherWindows() {
		ClientLimits limits = new ClientLimits(2, 1_000, 0);
		assertThat(this.budgets.tryAcquire("team-a", limits, 2_000).over()).isEqualTo(ClientLimit.TPM);
		assertThat(this.budgets.tryAcquire("team-a", limits, 500).admitted()).isTrue();
		assertThat(this.budgets.tryAcquire("team-a", limits, 500).admitted()).isTrue();
	}

	@Test
	void tokensPerDayLastUntilMidnightUtcAndRefusedCallsGiveBackTheirMinute() {
		ClientLimits limits = new ClientLimits(0, 1_000, 1_500);
		assertThat(this.budgets.tryAcquire("team-a", limits, 900).admitted()).isTrue();
		this.clock.set(MINUTE.plus(Duration.ofHours(5)));
		assertThat(this.budgets.tryAcquire("team-a", limits, 600).admitted()).isTrue();
		this.clock.set(MINUTE.plus(Duration.ofHours(6)));
		ClientAdmission refused = this.budgets.tryAcquire("team-a", limits, 400);
		assertThat(refused.over()).isEqualTo(ClientLimit.TOKENS_PER_DAY);
		assertThat(refused.retryAt()).isEqualTo(Instant.parse("2026-12-08T00:00:00Z"));
		// The refused call's 400 tokens went back to the minute's window.
		assertThat(this.budgets.tryAcquire("team-a", new ClientLimits(0, 1_000, 0), 1_000).admitted()).isTrue();
		this.clock.set(Instant.parse("2026-12-08T00:00:00Z"));
		assertThat(this.budgets.tryAcquire("team-a", limits, 1_000).admitted()).isTrue();
	}

	@Test
	void unlimitedClientsAreNotCounted() {
		for (int i = 0; i < 1_000; i++) {
			assertThat(this.budgets.tryAcquire("open", ClientLimits.NONE, 1_000_000).admitted()).isTrue();
		}
	}

	@Test
	void concurrentCallsNeverTakeMoreThanTheLimit() throws InterruptedException {
		ClientLimits limits = new ClientLimits(500, 0, 0);
		AtomicInteger admitted = new AtomicInteger();
		CountDownLatch start = new CountDownLatch(1);
		List<Thread> threads = new ArrayList<>();
		for (int t = 0; t < 4; t++) {
			Thread thread = new Thread(() -> {
				awaitQuietly(start);
				for (int i = 0; i < 300; i++) {
					if (this.budgets.tryAcquire("team-a", limits, 1).admitted()) {
						admitted.incrementAndGet();
					}
				}
			});
			thread.start();
			threads.add(thread);
		}
		start.countDown();
		for (Thread thread : threads) {
			thread.join();
		}
		assertThat(admitted).hasValue(500);
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	static final class TestClock extends Clock {

		private volatile Instant now;

		TestClock(Instant now) {
			this.now = now;
		}

		void set(Instant now) {
			this.now = now;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
