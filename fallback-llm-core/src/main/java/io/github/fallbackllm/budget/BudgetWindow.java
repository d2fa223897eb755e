package io.github.fallbackllm.budget;

/**
 * A count of one limit that starts again each clock minute: in memory
 * ({@link MinuteWindow}) or leased from a {@link BudgetStore} ({@link LeasedWindow}).
 *
 * @author Fallback LLM contributors
 */
interface BudgetWindow {

	/**
	 * Take an amount if the minute has room for it.
	 * @param minute the current epoch minute
	 * @param amount what to take
	 * @param limit the most the minute may count
	 * @return whether it was taken
	 */
	boolean tryTake(long minute, long amount, long limit);

	/**
	 * Return whether an amount might be taken, taking nothing.
	 * @param minute the current epoch minute
	 * @param amount what a call would take
	 * @param limit the most the minute may count
	 * @return whether {@link #tryTake} may succeed
	 */
	default boolean fits(long minute, long amount, long limit) {
		return used(minute) + amount <= limit;
	}

	/**
	 * Count an amount whatever the limit: what was spent beyond an estimate.
	 * @param minute the current epoch minute
	 * @param amount what to add, or to give back when negative
	 */
	void add(long minute, long amount);

	/**
	 * Return what the minute has counted, as far as this instance knows.
	 * @param minute the current epoch minute
	 * @return the count
	 */
	long used(long minute);

}
