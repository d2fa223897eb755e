package io.github.fallbackllm.health;

/**
 * Whether a provider can serve chat calls, as far as its probe and recent traffic tell.
 *
 * @author Fallback LLM contributors
 */
public enum ProviderStatus {

	/** It answers, and offers at least one of its configured models. */
	UP,

	/**
	 * It cannot serve: rejected key, unreachable, failing, or cooling down after
	 * failures.
	 */
	DOWN,

	/** Nothing says it is broken, but it offers no model list to confirm it works. */
	UNKNOWN

}
