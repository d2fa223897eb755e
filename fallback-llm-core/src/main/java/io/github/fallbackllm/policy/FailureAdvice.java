package io.github.fallbackllm.policy;

/**
 * How a user refers to what must change when a failure is theirs to fix. The engine knows
 * what failed (the credentials of provider X); whoever configured the chain knows where
 * that is set. Spring Boot's auto-configuration names its properties, such as
 * {@code llm.fallback.providers[1].api-key}; providers built in code are named by their
 * names.
 *
 * @author Fallback LLM contributors
 */
public interface FailureAdvice {

	/** Names things by provider name, for chains built in code. */
	FailureAdvice BY_NAME = new FailureAdvice() {
	};

	/**
	 * Return where the credentials of a provider are set.
	 * @param provider the provider's name
	 * @return e.g. {@code the credentials of provider 'openai'}
	 */
	default String credentials(String provider) {
		return "the credentials of provider '" + provider + "'";
	}

	/**
	 * Return where one model of a provider is set.
	 * @param provider the provider's name
	 * @param modelIndex the model's position among the provider's models
	 * @param model the model
	 * @return e.g. {@code model 'gpt-4o' of provider 'openai'}
	 */
	default String model(String provider, int modelIndex, String model) {
		return "model '" + model + "' of provider '" + provider + "'";
	}

	/**
	 * Return where the endpoint of a provider is set.
	 * @param provider the provider's name
	 * @return e.g. {@code the endpoint of provider 'openai'}
	 */
	default String endpoint(String provider) {
		return "the endpoint of provider '" + provider + "'";
	}

}
