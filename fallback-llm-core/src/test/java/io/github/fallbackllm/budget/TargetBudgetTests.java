package io.github.fallbackllm.budget;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Budgets of a target on a clock the test sets.
 *
 * @author Fallback LLM contributors
 */
class TargetBudgetTests {

	private static final Instant MINUTE = Instant.parse("2026-12-07T10:15:00Z");

	@Test
	void declaredRequestsPerMinuteAreTakenUntilSpentAndComeBackInTheNextMinute() {
		TargetBudget budget = new TargetBudget(60, 0);
		for (int i = 0; i < 60; i++) {
			assertThat(budget.tryAcquire(MINUTE.plusMillis(i * 900), 0)).isNull();
		}
		assertThat(budget.tryAcquire(MINUTE.plusSeconds(59), 0)).isEqualTo(OverBudget.RPM);
		assertThat(budget.headroom(MINUTE.plusSeconds(59))).isZero();
		assertThat(budget.availableAt(MINUTE.plusSeconds(59), OverBudget.RPM)).isEqualTo(MINUTE.plusSeconds(60));
		assertThat(budget.tryAcquire(MINUTE.plusSeconds(60), 0)).isNull();
		assertThat(budget.headroom(MINUTE.plusSeconds(60))).isEqualTo(59.0 / 60);
	}

	@Test
	void tokensAreTakenAsAnEstimateAndSettledAgainstTheUsage() {
		TargetBudget budget = new TargetBudget(0, 1_000);
		assertThat(budget.tryAcquire(MINUTE, 600)).isNull();
		assertThat(budget.tryAcquire(MINUTE, 600)).isEqualTo(OverBudget.TPM);

		// The answer used 100 tokens, not 600: 900 are left this minute.
		budget.settle(MINUTE, MINUTE.plusSeconds(2), 600, 100);
		assertThat(budget.headroom(MINUTE.plusSeconds(2))).isEqualTo(0.9);
		assertThat(budget.tryAcquire(MINUTE.plusSeconds(2), 600)).isNull();
	}

	@Test
	void aCallSettledInALaterMinuteDoesNotChangeThatMinute() {
		TargetBudget budget = new TargetBudget(0, 1_000);
		budget.tryAcquire(MINUTE.plusSeconds(59), 500);
		budget.settle(MINUTE.plusSeconds(59), MINUTE.plusSeconds(61), 500, 1_000);

		assertThat(budget.headroom(MINUTE.plusSeconds(61))).isEqualTo(1.0);
	}

	@Test
	void aRequestRefusedForItsTokensDoesNotSpendARequest() {
		TargetBudget budget = new TargetBudget(2, 100);
		assertThat(budget.tryAcquire(MINUTE, 500)).isEqualTo(OverBudget.TPM);
		assertThat(budget.tryAcquire(MINUTE, 10)).isNull();
		assertThat(budget.tryAcquire(MINUTE, 10)).isNull();
		assertThat(budget.tryAcquire(MINUTE, 10)).isEqualTo(OverBudget.RPM);
	}

	@Test
	void aProviderThatSaysNothingIsLeftIsPassedOverUntilItsReset() {
		TargetBudget budget = new TargetBudget(0, 0);
		Instant reset = MINUTE.plusSeconds(20);
		budget.learn(new RemainingLimits(0, reset, -1, null));

		assertThat(budget.tryAcquire(MINUTE.plusSeconds(19), 0)).isEqualTo(OverBudget.REMAINING_REQUESTS);
		assertThat(budget.availableAt(MINUTE, OverBudget.REMAINING_REQUESTS)).isEqualTo(reset);
		assertThat(budget.tryAcquire(reset, 0)).isNull();
	}

	@Test
	void learnedRequestsAreCountedDownByTheCallsSentSinceTheAnswer() {
		TargetBudget budget = new TargetBudget(0, 0);
		budget.learn(new RemainingLimits(2, MINUTE.plus(Duration.ofSeconds(30)), -1, null));

		assertThat(budget.tryAcquire(MINUTE, 0)).isNull();
		assertThat(budget.tryAcquire(MINUTE, 0)).isNull();
		assertThat(budget.tryAcquire(MINUTE, 0)).isEqualTo(OverBudget.REMAINING_REQUESTS);
	}

	@Test
	void learnedTokensRefuseARequestThatMayUseMore() {
		TargetBudget budget = new TargetBudget(0, 0);
		budget.learn(new RemainingLimits(-1, null, 300, MINUTE.plusSeconds(5)));

		assertThat(budget.tryAcquire(MINUTE, 400)).isEqualTo(OverBudget.REMAINING_TOKENS);
		assertThat(budget.tryAcquire(MINUTE, 200)).isNull();
		assertThat(budget.tryAcquire(MINUTE.plusSeconds(5), 400)).isNull();
	}

	@Test
	void withNothingDeclaredOrLearnedEverythingIsTaken() {
		TargetBudget budget = new TargetBudget(0, 0);
		for (int i = 0; i < 10_000; i++) {
			assertThat(budget.tryAcquire(MINUTE, 1_000_000)).isNull();
		}
		assertThat(budget.headroom(MINUTE)).isEqualTo(1.0);
		assertThat(OverBudget.RPM.description()).isEqualTo("over budget (rpm)");
	}

	@Test
	void aSnapshotShowsWhatIsUsedOfTheDeclaredLimitsAndWhatTheProviderSaidUntilItsReset() {
		TargetBudget budget = new TargetBudget(60, 1_000);
		budget.tryAcquire(MINUTE, 300);
		budget.learn(new RemainingLimits(12, MINUTE.plusSeconds(30), -1, null));

		assertThat(budget.snapshot(MINUTE.plusSeconds(1))).isEqualTo(new BudgetSnapshot(60, 1, 1_000, 300, 12, -1));
		assertThat(budget.snapshot(MINUTE.plusSeconds(30))).isEqualTo(new BudgetSnapshot(60, 1, 1_000, 300, -1, -1));
		assertThat(budget.snapshot(MINUTE.plusSeconds(60))).isEqualTo(new BudgetSnapshot(60, 0, 1_000, 0, -1, -1));
	}

}
