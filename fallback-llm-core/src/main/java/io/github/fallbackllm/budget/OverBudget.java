package io.github.fallbackllm.budget;

/**
 * Why a target was not picked although it is healthy: the limit it would break.
 *
 * @author Fallback LLM contributors
 */
public enum OverBudget {

	/** The declared requests per minute are spent. */
	RPM("rpm"),

	/** The declared tokens per minute would be exceeded. */
	TPM("tpm"),

	/** The provider said no requests are left until its window resets. */
	REMAINING_REQUESTS("remaining requests"),

	/** The provider said fewer tokens are left than the request may use. */
	REMAINING_TOKENS("remaining tokens");

	private final String limit;

	OverBudget(String limit) {
		this.limit = limit;
	}

	/**
	 * Return the reason as the attempt list shows it, such as {@code over budget (rpm)}.
	 * @return the description
	 */
	public String description() {
		return "over budget (" + this.limit + ")";
	}

}
