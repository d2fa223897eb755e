package io.github.fallbackllm.routing;

import io.github.fallbackllm.budget.BudgetLimits;
import io.github.fallbackllm.provider.LlmProvider;

/**
 * A provider with the policies that govern its targets, wherever a route uses them.
 *
 * @param provider the provider
 * @param retry how its targets are retried
 * @param cooldown how its targets cool down
 * @param timeouts time limits of its attempts
 * @param budget the rate limits of each of its models, unless a route's target declares
 * its own
 * @author Fallback LLM contributors
 */
public record ProviderPolicies(LlmProvider provider, RetrySettings retry, CooldownSettings cooldown,
		AttemptTimeouts timeouts, BudgetLimits budget) {

	public ProviderPolicies {
		budget = (budget != null) ? budget : BudgetLimits.NONE;
	}

	/**
	 * Create the policies of a provider without declared rate limits.
	 * @param provider the provider
	 * @param retry how its targets are retried
	 * @param cooldown how its targets cool down
	 * @param timeouts time limits of its attempts
	 */
	public ProviderPolicies(LlmProvider provider, RetrySettings retry, CooldownSettings cooldown,
			AttemptTimeouts timeouts) {
		this(provider, retry, cooldown, timeouts, BudgetLimits.NONE);
	}

	/**
	 * Create the policies of a provider with the defaults.
	 * @param provider the provider
	 * @return the policies
	 */
	public static ProviderPolicies of(LlmProvider provider) {
		return new ProviderPolicies(provider, RetrySettings.DEFAULTS, CooldownSettings.DEFAULTS,
				AttemptTimeouts.DEFAULTS);
	}

}
