package io.github.fallbackllm.budget;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * How much of its rate limits a target has left: the limits an operator declared
 * (requests and tokens per minute, counted in clock minutes) and what the provider's last
 * answer said was left. A call takes its share before it is sent; a target whose share is
 * not there is passed over, so the call never meets the provider's 429.
 * <p>
 * Tokens are taken as an estimate up front and {@link #settle settled} against the usage
 * the answer reports.
 *
 * @author Fallback LLM contributors
 */
public final class TargetBudget {

	private final long rpm;

	private final long tpm;

	private final BudgetWindow requests;

	private final BudgetWindow tokens;

	private final AtomicLong remainingRequests = new AtomicLong(-1);

	private volatile long requestsResetMillis;

	private final AtomicLong remainingTokens = new AtomicLong(-1);

	private volatile long tokensResetMillis;

	/**
	 * Create a budget.
	 * @param rpm requests per minute, or {@code 0} for no declared limit
	 * @param tpm tokens per minute, or {@code 0} for no declared limit
	 */
	public TargetBudget(long rpm, long tpm) {
		this(new BudgetLimits(rpm, tpm), BudgetStore.LOCAL, "");
	}

	/**
	 * Create a budget counted in this instance's memory.
	 * @param limits the declared limits
	 */
	public TargetBudget(BudgetLimits limits) {
		this(limits, BudgetStore.LOCAL, "");
	}

	/**
	 * Create a budget whose declared limits are counted in a store, shared by every
	 * instance that uses it; what providers say is left is learned by each instance.
	 * @param limits the declared limits
	 * @param store where the declared limits are counted
	 * @param target the target, {@code provider/model}, as the store names it
	 */
	public TargetBudget(BudgetLimits limits, BudgetStore store, String target) {
		this.rpm = limits.rpm();
		this.tpm = limits.tpm();
		this.requests = window(store, target, "rpm", this.rpm);
		this.tokens = window(store, target, "tpm", this.tpm);
	}

	private static BudgetWindow window(BudgetStore store, String target, String name, long limit) {
		return (store == BudgetStore.LOCAL || limit == 0) ? new MinuteWindow() : new LeasedWindow(store, target, name);
	}

	/**
	 * Return the limit a call would break, without taking anything: what a strategy asks
	 * when it orders targets.
	 * @param now the time
	 * @param estimatedTokens the tokens the call may use
	 * @return {@code null} when the call fits, else the limit that would be broken
	 */
	public @Nullable OverBudget check(Instant now, long estimatedTokens) {
		long nowMillis = now.toEpochMilli();
		OverBudget learned = learnedRefusal(nowMillis, estimatedTokens);
		if (learned != null) {
			return learned;
		}
		long minute = minute(nowMillis);
		if (this.rpm > 0 && !this.requests.fits(minute, 1, this.rpm)) {
			return OverBudget.RPM;
		}
		if (this.tpm > 0 && !this.tokens.fits(minute, estimatedTokens, this.tpm)) {
			return OverBudget.TPM;
		}
		return null;
	}

	/**
	 * Take one request and an estimate of its tokens, if they are left.
	 * @param now the time
	 * @param estimatedTokens the tokens the call may use
	 * @return {@code null} when taken, else the limit that would be broken
	 */
	public @Nullable OverBudget tryAcquire(Instant now, long estimatedTokens) {
		long nowMillis = now.toEpochMilli();
		OverBudget learned = learnedRefusal(nowMillis, estimatedTokens);
		if (learned != null) {
			return learned;
		}
		long minute = minute(nowMillis);
		if (this.rpm > 0 && !this.requests.tryTake(minute, 1, this.rpm)) {
			return OverBudget.RPM;
		}
		if (this.tpm > 0 && !this.tokens.tryTake(minute, estimatedTokens, this.tpm)) {
			if (this.rpm > 0) {
				this.requests.add(minute, -1);
			}
			return OverBudget.TPM;
		}
		if (nowMillis < this.requestsResetMillis) {
			this.remainingRequests.updateAndGet((left) -> (left > 0) ? left - 1 : left);
		}
		return null;
	}

	private @Nullable OverBudget learnedRefusal(long nowMillis, long estimatedTokens) {
		if (nowMillis < this.requestsResetMillis && this.remainingRequests.get() == 0) {
			return OverBudget.REMAINING_REQUESTS;
		}
		long tokensLeft = this.remainingTokens.get();
		if (nowMillis < this.tokensResetMillis && tokensLeft >= 0 && tokensLeft < estimatedTokens) {
			return OverBudget.REMAINING_TOKENS;
		}
		return null;
	}

	/**
	 * Correct the estimate of a call with the tokens it used, in the minute it was
	 * counted; a call that ended in a later minute changes nothing.
	 * @param acquiredAt when the call took its share
	 * @param now the time
	 * @param estimatedTokens what was taken
	 * @param usedTokens what the answer reported
	 */
	public void settle(Instant acquiredAt, Instant now, long estimatedTokens, long usedTokens) {
		long minute = minute(acquiredAt.toEpochMilli());
		if (this.tpm > 0 && minute == minute(now.toEpochMilli())) {
			this.tokens.add(minute, usedTokens - estimatedTokens);
		}
	}

	/**
	 * Learn what the provider said is left.
	 * @param remaining what its answer's headers said
	 */
	public void learn(RemainingLimits remaining) {
		if (remaining.requests() >= 0 && remaining.requestsReset() != null) {
			this.remainingRequests.set(remaining.requests());
			this.requestsResetMillis = remaining.requestsReset().toEpochMilli();
		}
		if (remaining.tokens() >= 0 && remaining.tokensReset() != null) {
			this.remainingTokens.set(remaining.tokens());
			this.tokensResetMillis = remaining.tokensReset().toEpochMilli();
		}
	}

	/**
	 * Return the share of the tightest declared limit that is left this minute; none when
	 * the provider said no requests are left.
	 * @param now the time
	 * @return from {@code 0} (spent) to {@code 1} (untouched, or no limit declared)
	 */
	public double headroom(Instant now) {
		long nowMillis = now.toEpochMilli();
		if (learnedRefusal(nowMillis, 0) != null) {
			return 0.0;
		}
		long minute = minute(nowMillis);
		double headroom = 1.0;
		if (this.rpm > 0) {
			headroom = Math.min(headroom, 1.0 - (double) this.requests.used(minute) / this.rpm);
		}
		if (this.tpm > 0) {
			headroom = Math.min(headroom, 1.0 - (double) this.tokens.used(minute) / this.tpm);
		}
		return Math.max(0.0, headroom);
	}

	/**
	 * Return what is left now, declared and learned.
	 * @param now the time
	 * @return the snapshot
	 */
	public BudgetSnapshot snapshot(Instant now) {
		long nowMillis = now.toEpochMilli();
		long minute = minute(nowMillis);
		return new BudgetSnapshot(this.rpm, (this.rpm > 0) ? this.requests.used(minute) : 0, this.tpm,
				(this.tpm > 0) ? this.tokens.used(minute) : 0,
				(nowMillis < this.requestsResetMillis) ? this.remainingRequests.get() : -1,
				(nowMillis < this.tokensResetMillis) ? this.remainingTokens.get() : -1);
	}

	/**
	 * Return when a target that is over budget has its share again.
	 * @param now the time
	 * @param reason why it is over budget
	 * @return the time
	 */
	public Instant availableAt(Instant now, OverBudget reason) {
		return switch (reason) {
			case RPM, TPM -> Instant.ofEpochMilli((minute(now.toEpochMilli()) + 1) * 60_000);
			case REMAINING_REQUESTS -> Instant.ofEpochMilli(this.requestsResetMillis);
			case REMAINING_TOKENS -> Instant.ofEpochMilli(this.tokensResetMillis);
		};
	}

	/**
	 * Return whether a call's tokens matter to this budget: a tokens-per-minute limit is
	 * declared, or the provider said how many tokens are left.
	 * @return whether {@link #tryAcquire} needs an estimate of the call's tokens
	 */
	public boolean countsTokens() {
		return this.tpm > 0 || this.remainingTokens.get() >= 0;
	}

	/**
	 * Return the declared requests per minute.
	 * @return the limit, or {@code 0} when none is declared
	 */
	public long rpm() {
		return this.rpm;
	}

	/**
	 * Return the declared tokens per minute.
	 * @return the limit, or {@code 0} when none is declared
	 */
	public long tpm() {
		return this.tpm;
	}

	private static long minute(long epochMillis) {
		return epochMillis / 60_000;
	}

}
