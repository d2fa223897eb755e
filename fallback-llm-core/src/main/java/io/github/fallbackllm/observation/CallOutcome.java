package io.github.fallbackllm.observation;

/**
 * How a chat call ended, as its observation reports it.
 *
 * @author Fallback LLM contributors
 */
public enum CallOutcome {

	/** A target answered: the whole answer, or a stream to its last chunk. */
	SERVED("served"),

	/** No target answered. */
	ALL_FAILED("all_failed"),

	/** A stream broke after its first chunk. */
	INTERRUPTED("interrupted"),

	/** The caller cancelled the call before any answer. */
	CANCELLED("cancelled");

	private final String value;

	CallOutcome(String value) {
		this.value = value;
	}

	/**
	 * Return the value of the {@code outcome} key.
	 * @return the value
	 */
	public String value() {
		return this.value;
	}

}
