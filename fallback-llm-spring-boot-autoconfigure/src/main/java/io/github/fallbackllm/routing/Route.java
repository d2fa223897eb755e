package io.github.fallbackllm.routing;

import io.github.fallbackllm.provider.LlmProvider;
import org.jspecify.annotations.Nullable;

/**
 * A provider's place in the chain, with the policies that govern its targets.
 *
 * @param provider the provider
 * @param retry how its targets are retried
 * @param cooldown how its targets cool down
 * @param timeouts time limits of its attempts
 * @param configPrefix the configuration prefix of the provider, such as
 * {@code llm.fallback.providers[0]}, named in error messages; {@code null} for providers
 * defined in code
 * @author Fallback LLM contributors
 */
public record Route(LlmProvider provider, RetrySettings retry, CooldownSettings cooldown, AttemptTimeouts timeouts,
		@Nullable String configPrefix) {

	/**
	 * Create a route with default policies.
	 * @param provider the provider
	 * @return the route
	 */
	public static Route of(LlmProvider provider) {
		return new Route(provider, RetrySettings.DEFAULTS, CooldownSettings.DEFAULTS, AttemptTimeouts.DEFAULTS, null);
	}

}
