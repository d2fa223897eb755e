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

	private static final String PREFIX = "over budget (";

	private final String limit;

	OverBudget(String limit) {
		this.limit = limit;
	}

	/**
	 * Return the reason as the attempt list shows it, such as {@code over budget (rpm)}.
	 * @return the description
	 */
	public String description() {
		return PREFIX + this.limit + ")";
	}

	/**
	 * Return whether an attempt's detail says its target was over budget.
	 * @param detail the detail of a skipped attempt
	 * @return whether it is one of these reasons
	 */
	public static boolean describes(String detail) {
		return detail.startsWith(PREFIX);
	}

}
