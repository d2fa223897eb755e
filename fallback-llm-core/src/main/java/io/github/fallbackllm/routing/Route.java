package io.github.fallbackllm.routing;

import io.github.fallbackllm.chat.AttemptOutcome;
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

	/**
	 * Return what to change when a failure of this provider is a configuration problem.
	 * @param outcome the failure
	 * @param modelIndex the failing model's position among the provider's models, or -1
	 * @return the advice, or {@code null} when the failure is not the configuration's
	 */
	public @Nullable String action(AttemptOutcome outcome, int modelIndex) {
		return action(outcome, this.provider.name(), this.configPrefix, modelIndex);
	}

	/**
	 * Return what to change when a provider's failure is a configuration problem.
	 * @param outcome the failure
	 * @param provider the provider's name
	 * @param configPrefix the provider's configuration prefix, or {@code null} for a
	 * provider defined in code
	 * @param modelIndex the failing model's position among the provider's models, or -1
	 * @return the advice, or {@code null} when the failure is not the configuration's
	 */
	public static @Nullable String action(AttemptOutcome outcome, String provider, @Nullable String configPrefix,
			int modelIndex) {
		return switch (outcome) {
			case AUTHENTICATION_FAILED -> (configPrefix != null) ? "check " + configPrefix + ".api-key"
					: "check the credentials of provider '" + provider + "'";
			case QUOTA_EXCEEDED -> "add credit or raise the quota in the provider's billing settings;"
					+ " this does not recover by itself";
			case MODEL_NOT_FOUND -> (configPrefix == null) ? "check the model name of provider '" + provider + "'"
					: "check " + configPrefix + ".models" + ((modelIndex >= 0) ? "[" + modelIndex + "]" : "") + " and "
							+ configPrefix + ".base-url";
			case CONTEXT_TOO_LONG -> "shorten the conversation, or add a model with a larger context window";
			case CLIENT_OVERLOADED ->
				"raise the connection pool (-Dreactor.netty.pool.maxConnections) or make fewer" + " calls at once";
			default -> null;
		};
	}

}
