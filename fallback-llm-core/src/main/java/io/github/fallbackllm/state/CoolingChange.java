package io.github.fallbackllm.state;

/**
 * What a failure did to a target's cooldown.
 *
 * @author Fallback LLM contributors
 */
public enum CoolingChange {

	/** Nothing: no cooldown was asked for, or the failure threshold is not reached. */
	NONE,

	/** A cooldown was already running; it now lasts at least as long as asked. */
	EXTENDED,

	/** The target was serving and now cools down. */
	STARTED;

	/**
	 * Return whether the target is cooling down because of the failure.
	 * @return whether a cooldown applies
	 */
	public boolean cooled() {
		return this != NONE;
	}

}
