package io.github.fallbackllm.state;

/**
 * Whether a call may use a target.
 *
 * @author Fallback LLM contributors
 */
public enum Admission {

	/** Healthy. */
	OPEN,

	/** Recovering, and this call holds the one trial lease. */
	TRIAL,

	/** Cooling down. */
	COOLING,

	/** Recovering, and another call's trial is in flight. */
	TRIAL_BUSY;

	/**
	 * Return whether the call may go ahead.
	 * @return whether it is admitted
	 */
	public boolean admitted() {
		return this == OPEN || this == TRIAL;
	}

}
