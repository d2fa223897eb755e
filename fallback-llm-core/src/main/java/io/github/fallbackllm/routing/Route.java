package io.github.fallbackllm.routing;

import io.github.fallbackllm.provider.LlmProvider;

/**
 * A provider's place in the chain, with the policies that govern its targets.
 *
 * @param provider the provider
 * @param retry how its targets are retried
 * @param cooldown how its targets cool down
 * @param timeouts time limits of its attempts
 * @author Fallback LLM contributors
 */
public record Route(LlmProvider provider, RetrySettings retry, CooldownSettings cooldown, AttemptTimeouts timeouts) {

	/**
	 * Create a route with default policies.
	 * @param provider the provider
	 * @return the route
	 */
	public static Route of(LlmProvider provider) {
		return new Route(provider, RetrySettings.DEFAULTS, CooldownSettings.DEFAULTS, AttemptTimeouts.DEFAULTS);
	}

}
