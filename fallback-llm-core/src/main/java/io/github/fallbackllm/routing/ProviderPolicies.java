package io.github.fallbackllm.routing;

import io.github.fallbackllm.provider.LlmProvider;

/**
 * A provider with the policies that govern its targets, wherever a route uses them.
 *
 * @param provider the provider
 * @param retry how its targets are retried
 * @param cooldown how its targets cool down
 * @param timeouts time limits of its attempts
 * @author Fallback LLM contributors
 */
public record ProviderPolicies(LlmProvider provider, RetrySettings retry, CooldownSettings cooldown,
		AttemptTimeouts timeouts) {

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
