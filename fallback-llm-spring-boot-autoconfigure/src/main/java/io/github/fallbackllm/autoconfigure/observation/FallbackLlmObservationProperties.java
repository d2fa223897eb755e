package io.github.fallbackllm.autoconfigure.observation;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for the observations and meters of the fallback chain.
 *
 * @author Fallback LLM contributors
 */
@ConfigurationProperties("llm.fallback.observations")
public class FallbackLlmObservationProperties {

	/**
	 * Whether to observe chat calls and record their meters.
	 */
	private boolean enabled = true;

	private final Attempts attempts = new Attempts();

	private final TokenUsage tokenUsage = new TokenUsage();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Attempts getAttempts() {
		return this.attempts;
	}

	public TokenUsage getTokenUsage() {
		return this.tokenUsage;
	}

	/**
	 * Observations of attempts.
	 */
	public static class Attempts {

		/**
		 * Whether to observe each attempt on a target (gen_ai.client.operation), not only
		 * each call.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * Token meters.
	 */
	public static class TokenUsage {

		/**
		 * Whether to count the tokens of answered calls (gen_ai.client.token.usage).
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

}
