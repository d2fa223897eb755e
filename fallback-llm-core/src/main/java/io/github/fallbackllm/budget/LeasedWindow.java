package io.github.fallbackllm.budget;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * A window of a limit shared by several instances through a {@link BudgetStore}: this
 * instance admits calls from slices it leased, and leases the next slice in the
 * background before its slice runs out, so that no call waits for the store.
 * <p>
 * The store grants no more than the limit, so the instances together admit no more than
 * the limit but for one exception: an instance that holds nothing of a minute yet takes
 * up to one slice (or one call, if larger) on credit, counted when its first lease
 * arrives. That over-admits only if the other instances spent the whole minute before, so
 * by at most one slice per instance a minute. A slice is 1 % of the limit, at least one;
 * later slices follow the demand seen while a lease was on its way, up to 5 % of the
 * limit. A call that finds this instance's slice spent while the next is on its way is
 * refused, as when the minute is spent.
 * <p>
 * While the store is out, this instance counts its own calls against the limit, less what
 * the others held when it last heard of them; with N instances, up to N times the limit
 * may be admitted in a minute that starts during the outage.
 *
 * @author Fallback LLM contributors
 */
final class LeasedWindow implements BudgetWindow {

	private final BudgetStore store;

	private final String target;

	private final String window;

	/** The minute the fields below count, {@code -1} before the first call. */
	private long minute = -1;

	/** What this instance was granted of the minute, credit included once counted. */
	private long leased;

	/** What this instance took of the minute. */
	private long used;

	/** What the other instances hold of the minute, as the last lease said. */
	private long others;

	/** The store gave less than was asked: the minute is spent. */
	private boolean spent;

	/** A lease is on its way. */
	private boolean pending;

	/** What calls asked for since the last lease was asked for, and the largest ask. */
	private long demand;

	private long largest;

	/** The last slice granted, which sets when the next is asked for. */
	private long lastGrant;

	LeasedWindow(BudgetStore store, String target, String window) {
		this.store = store;
		this.target = target;
		this.window = window;
	}

	@Override
	public boolean tryTake(long minute, long amount, long limit) {
		Lease next;
		boolean taken;
		synchronized (this) {
			roll(minute);
			this.demand += amount;
			this.largest = Math.max(this.largest, amount);
			taken = fitsNow(amount, limit) || (this.store.isShared() && onCredit(amount, limit));
			if (taken) {
				this.used += amount;
			}
			next = nextLease(limit);
		}
		if (next != null) {
			ask(next);
		}
		return taken;
	}

	@Override
	public synchronized boolean fits(long minute, long amount, long limit) {
		if (minute != this.minute) {
			return amount <= limit;
		}
		return fitsNow(amount, limit) || (this.store.isShared() && !this.spent);
	}

	/**
	 * Count an amount; what this instance took beyond its slices is owed, and counted in
	 * the store with its next lease.
	 */
	@Override
	public synchronized void add(long minute, long amount) {
		roll(minute);
		this.used = Math.max(0, this.used + amount);
	}

	@Override
	public synchronized long used(long minute) {
		return (minute != this.minute) ? 0 : this.others + this.used;
	}

	/**
	 * Whether the amount fits what this instance holds: its slices, or while the store is
	 * out, the limit less what the others held when last heard of.
	 */
	private boolean fitsNow(long amount, long limit) {
		return this.used + amount <= (this.store.isShared() ? this.leased : limit - this.others);
	}

	/**
	 * Whether a call may take on credit: this instance holds nothing of the minute yet.
	 */
	private boolean onCredit(long amount, long limit) {
		return !this.spent && this.leased == 0 && (this.used == 0 || this.used + amount <= slice(limit));
	}

	/**
	 * The lease to ask for, if one is due: what this instance owes, and a slice when its
	 * own runs low, unless one is on its way or the minute is spent.
	 */
	private @Nullable Lease nextLease(long limit) {
		if (this.pending || !this.store.isShared()) {
			return null;
		}
		long owed = Math.max(0, this.used - this.leased);
		long left = this.leased - this.used;
		boolean low = !this.spent && left < Math.max(Math.max(slice(limit), this.lastGrant / 2), this.largest);
		if (owed == 0 && !low) {
			return null;
		}
		long wanted = low ? Math.max(Math.max(slice(limit), this.largest),
				Math.min(this.demand, Math.max(slice(limit), limit / 20))) : 0;
		this.pending = true;
		this.demand = 0;
		this.largest = 0;
		return new Lease(this.minute, owed, wanted, limit);
	}

	private void ask(Lease lease) {
		this.store.lease(this.target, this.window, lease.minute, lease.owed, lease.wanted, lease.limit)
			.switchIfEmpty(Mono.fromRunnable(this::answered))
			.subscribe((answer) -> granted(lease, answer), (failure) -> answered());
	}

	private synchronized void granted(Lease lease, BudgetLease answer) {
		this.pending = false;
		if (lease.minute != this.minute) {
			return;
		}
		this.leased += lease.owed + answer.granted();
		this.others = Math.max(0, answer.total() - this.leased);
		this.lastGrant = answer.granted();
		if (answer.granted() < lease.wanted) {
			this.spent = true;
		}
	}

	private synchronized void answered() {
		this.pending = false;
	}

	private void roll(long minute) {
		if (minute != this.minute) {
			this.minute = minute;
			this.leased = 0;
			this.used = 0;
			this.others = 0;
			this.spent = false;
			this.demand = 0;
			this.largest = 0;
			this.lastGrant = 0;
		}
	}

	/** The smallest slice: 1 % of the limit, at least one. */
	private static long slice(long limit) {
		return Math.max(1, limit / 100);
	}

	private record Lease(long minute, long owed, long wanted, long limit) {

	}

}
