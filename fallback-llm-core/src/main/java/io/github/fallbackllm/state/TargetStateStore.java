package io.github.fallbackllm.state;

import java.time.Clock;

import io.github.fallbackllm.budget.BudgetStore;

/**
 * Where the {@link TargetState} of every target and provider lives, shared by the chat
 * service and the health indicator.
 *
 * @author Fallback LLM contributors
 * @see InMemoryTargetStateStore
 */
public interface TargetStateStore {

	/**
	 * Return the state of one model of a provider.
	 * @param provider the provider name
	 * @param model the model
	 * @return the state, the same instance on every call
	 */
	TargetState target(String provider, String model);

	/**
	 * Return the state of a provider as a whole: cooled down on failures that affect all
	 * its models, such as a rejected key or an exhausted quota.
	 * @param provider the provider name
	 * @return the state, the same instance on every call
	 */
	TargetState provider(String provider);

	/**
	 * Return the clock that dates failures and cooldowns.
	 * @return the clock
	 */
	Clock clock();

	/**
	 * Return where the declared budgets of targets are counted: in this instance's memory
	 * unless the store shares them with other instances.
	 * @return the budget store
	 */
	default BudgetStore budgets() {
		return BudgetStore.LOCAL;
	}

}
