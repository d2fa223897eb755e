package io.github.fallbackllm.budget;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A count that starts again each minute, taken against a limit without locks or
 * allocation: the minute and the count share one {@code long}, so a take that crosses
 * into a new minute resets the count in the same compare-and-set.
 *
 * @author Fallback LLM contributors
 */
final class MinuteWindow implements BudgetWindow {

	private static final long COUNT_MASK = 0xFFFF_FFFFL;

	/** Epoch minute in the high half, count in the low half. */
	private final AtomicLong state = new AtomicLong();

	/**
	 * Take an amount if the minute's count stays within the limit.
	 * @param minute the current epoch minute
	 * @param amount what to take
	 * @param limit the most the minute may count
	 * @return whether it was taken
	 */
	@Override
	public boolean tryTake(long minute, long amount, long limit) {
		while (true) {
			long current = this.state.get();
			long used = (minuteOf(current) == minute) ? countOf(current) : 0;
			if (used + amount > limit) {
				return false;
			}
			if (this.state.compareAndSet(current, pack(minute, used + amount))) {
				return true;
			}
		}
	}

	/**
	 * Count an amount whatever the limit: what was spent beyond an estimate.
	 * @param minute the current epoch minute
	 * @param amount what to add, or to give back when negative
	 */
	@Override
	public void add(long minute, long amount) {
		while (true) {
			long current = this.state.get();
			long used = (minuteOf(current) == minute) ? countOf(current) : 0;
			long next = Math.max(0, Math.min(COUNT_MASK, used + amount));
			if (this.state.compareAndSet(current, pack(minute, next))) {
				return;
			}
		}
	}

	/**
	 * Return what the minute has counted.
	 * @param minute the current epoch minute
	 * @return the count
	 */
	@Override
	public long used(long minute) {
		long current = this.state.get();
		return (minuteOf(current) == minute) ? countOf(current) : 0;
	}

	private static long pack(long minute, long count) {
		return (minute << 32) | count;
	}

	private static long minuteOf(long state) {
		return state >>> 32;
	}

	private static long countOf(long state) {
		return state & COUNT_MASK;
	}

}
