package io.github.fallbackllm.redis;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.github.fallbackllm.state.Admission;
import io.github.fallbackllm.state.Cooldown;
import io.github.fallbackllm.state.CoolingChange;
import io.github.fallbackllm.state.Failure;
import io.github.fallbackllm.state.LocalTargetState;
import io.github.fallbackllm.state.TargetState;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;

/**
 * A target's state in this instance: a {@link LocalTargetState} answers every question at
 * once, and what changes is shared in the background.
 * <p>
 * The trial lease of a recovering target is decided before callers ask for it: shortly
 * before the cooldown ends, every instance that knows the cooldown races for the lease in
 * Redis. The winner's calls take the local trial lease as usual; the others see
 * {@link Admission#TRIAL_BUSY} until the winner reports back (the cooldown is cleared or
 * extended) or the lease expires, when they race again. Where no decision is known, for
 * example while Redis is out, the local lease alone decides, so a call never waits for
 * Redis.
 *
 * @author Fallback LLM contributors
 */
final class SharedTargetState implements TargetState {

	private final String id;

	private final StateSharing sharing;

	private final LocalTargetState local = new LocalTargetState();

	/**
	 * Consecutive failures as this instance knows them: its own, raised to the shared
	 * count when Redis returns it, and reset by a success anywhere.
	 */
	private final AtomicInteger failures = new AtomicInteger();

	private final AtomicBoolean racing = new AtomicBoolean();

	private final AtomicReference<@Nullable Disposable> nextRace = new AtomicReference<>();

	private volatile @Nullable Lease lease;

	/** Another instance counted a failure since this one last saw a success. */
	private volatile boolean failedElsewhere;

	/** Until when the last cooldown ended here ran, to tell a stale shared one. */
	private volatile @Nullable Instant clearedUntil;

	SharedTargetState(String id, StateSharing sharing) {
		this.id = id;
		this.sharing = sharing;
	}

	String id() {
		return this.id;
	}

	@Override
	public @Nullable Cooldown cooldown() {
		return this.local.cooldown();
	}

	@Override
	public int consecutiveFailures() {
		return this.failures.get();
	}

	@Override
	public @Nullable Failure lastFailure() {
		return this.local.lastFailure();
	}

	@Override
	public Admission admit(Instant now, boolean ignoreCooldown) {
		Cooldown current = this.local.cooldown();
		if (current == null || (!ignoreCooldown && current.isRunning(now))) {
			return this.local.admit(now, ignoreCooldown);
		}
		Lease known = this.lease;
		if (known == null || !known.isValid(now)) {
			this.sharing.raceForTrial(this);
		}
		else if (!known.held()) {
			return Admission.TRIAL_BUSY;
		}
		return this.local.admit(now, ignoreCooldown);
	}

	@Override
	public boolean isBlocked(Instant now) {
		if (this.local.isBlocked(now)) {
			return true;
		}
		Lease known = this.lease;
		return known != null && !known.held() && known.isValid(now) && this.local.cooldown() != null;
	}

	@Override
	public void releaseTrial() {
		this.local.releaseTrial();
	}

	@Override
	public boolean answered() {
		Cooldown ended = this.local.cooldown();
		if (ended == null || !this.local.answered()) {
			return false;
		}
		this.clearedUntil = ended.until();
		endLease();
		this.sharing.cleared(this);
		return true;
	}

	@Override
	public void succeeded() {
		answered();
		if (this.failures.get() != 0 || this.failedElsewhere) {
			this.failures.set(0);
			this.failedElsewhere = false;
			this.sharing.resetFailures(this);
		}
		this.local.succeeded();
	}

	/**
	 * Count the failure here and in Redis. The local count starts the cooldown at once
	 * when it reaches the threshold; otherwise the shared count may, a round trip later,
	 * when failures on other instances make up the difference.
	 */
	@Override
	public CoolingChange failed(Failure failure, @Nullable Cooldown cooldown, int threshold) {
		this.local.failed(failure, null, threshold);
		boolean cool = cooldown != null && this.failures.incrementAndGet() >= threshold;
		CoolingChange change = cool ? this.local.apply(cooldown, failure.at()) : CoolingChange.NONE;
		if (cool) {
			cooling(cooldown.until());
		}
		this.sharing.failed(this, failure, cooldown, threshold, cool);
		return change;
	}

	/**
	 * Take a cooldown learnt from Redis or another instance, if it ends later than the
	 * one known here.
	 */
	void adopt(SharedCooldown shared, Instant now) {
		Cooldown current = this.local.cooldown();
		if (current == null || shared.endsAfter(current)) {
			this.local.apply(shared.toCooldown(), now);
			cooling(shared.until());
		}
	}

	/**
	 * Another instance saw the target answer.
	 */
	void clearedElsewhere() {
		this.local.answered();
		endLease();
	}

	void failedElsewhere() {
		this.failedElsewhere = true;
	}

	/**
	 * Raise the local count to the shared one.
	 */
	void counted(int sharedFailures) {
		this.failures.accumulateAndGet(sharedFailures, Math::max);
	}

	/**
	 * Another instance saw a success: failures are no longer consecutive.
	 */
	void resetElsewhere() {
		this.failures.set(0);
		this.failedElsewhere = false;
	}

	boolean failedElsewhereSeen() {
		return this.failedElsewhere;
	}

	@Nullable Lease lease() {
		return this.lease;
	}

	@Nullable Instant clearedUntil() {
		return this.clearedUntil;
	}

	/**
	 * Return the HTTP status of the failure that started the current cooldown, if known.
	 */
	@Nullable Integer statusOf(Cooldown cooldown) {
		Failure last = this.local.lastFailure();
		return (last != null && last.outcome() == cooldown.cause()) ? last.httpStatus() : null;
	}

	boolean startRace() {
		return this.racing.compareAndSet(false, true);
	}

	void raced(Lease result) {
		this.lease = result;
	}

	void raceEnded() {
		this.racing.set(false);
	}

	void nextRace(@Nullable Disposable race) {
		Disposable previous = this.nextRace.getAndSet(race);
		if (previous != null) {
			previous.dispose();
		}
	}

	/** A new cooldown: the lease of the last one no longer counts. */
	private void cooling(Instant until) {
		this.lease = null;
		this.sharing.scheduleRace(this, until);
	}

	private void endLease() {
		this.lease = null;
		nextRace(null);
	}

	/**
	 * Who holds the trial lease, as far as this instance knows.
	 *
	 * @param held whether this instance holds it
	 * @param until when it expires
	 */
	record Lease(boolean held, Instant until) {

		boolean isValid(Instant now) {
			return this.until.isAfter(now);
		}

	}

}
