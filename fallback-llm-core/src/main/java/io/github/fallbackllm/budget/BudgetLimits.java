package io.github.fallbackllm.budget;

/**
 * The rate limits an operator declares for a target: requests and tokens per minute.
 *
 * @param rpm requests per minute, or {@code 0} for no declared limit
 * @param tpm tokens per minute, or {@code 0} for no declared limit
 * @author Fallback LLM contributors
 */
public record BudgetLimits(long rpm, long tpm) {

	/** The largest limit a window counts. */
	public static final long MAX = ClientLimits.MAX;

	/** Nothing declared. */
	public static final BudgetLimits NONE = new BudgetLimits(0, 0);

	public BudgetLimits {
		if (rpm < 0 || tpm < 0 || rpm > MAX || tpm > MAX) {
			throw new IllegalArgumentException(
					"rpm and tpm must be between 0 (no limit) and " + MAX + " (got rpm " + rpm + ", tpm " + tpm + ")");
		}
	}

	/**
	 * Return these limits, each one that is not declared taken from the defaults.
	 * @param defaults the limits declared for the provider
	 * @return the limits
	 */
	public BudgetLimits orElse(BudgetLimits defaults) {
		return new BudgetLimits((this.rpm > 0) ? this.rpm : defaults.rpm, (this.tpm > 0) ? this.tpm : defaults.tpm);
	}

	/**
	 * Return whether a limit is declared.
	 * @return whether rpm or tpm is set
	 */
	public boolean isDeclared() {
		return this.rpm > 0 || this.tpm > 0;
	}

}
