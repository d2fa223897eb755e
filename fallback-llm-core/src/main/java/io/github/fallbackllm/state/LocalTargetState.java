package io.github.fallbackllm.state;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

/**
 * A {@link TargetState} in this JVM's memory, lock-free. Shared stores build on it as
 * their local copy: {@link #apply(Cooldown, Instant)} takes a cooldown another instance
 * started.
 *
 * @author Fallback LLM contributors
 */
public final class LocalTargetState implements TargetState {

	private final AtomicReference<@Nullable Cooldown> cooldown = new AtomicReference<>();

	private final AtomicInteger consecutiveFailures = new AtomicInteger();

	private final AtomicBoolean trialInFlight = new AtomicBoolean();

	private volatile @Nullable Failure lastFailure;

	@Override
	public @Nullable Cooldown cooldown() {
		return this.cooldown.get();
	}

	@Override
	public int consecutiveFailures() {
		return this.consecutiveFailures.get();
	}

	@Override
	public @Nullable Failure lastFailure() {
		return this.lastFailure;
	}

	@Override
	public Admission admit(Instant now, boolean ignoreCooldown) {
		Cooldown current = this.cooldown.get();
		if (current == null) {
			return Admission.OPEN;
		}
		if (!ignoreCooldown && current.isRunning(now)) {
			return Admission.COOLING;
		}
		return this.trialInFlight.compareAndSet(false, true) ? Admission.TRIAL : Admission.TRIAL_BUSY;
	}

	@Override
	public boolean isBlocked(Instant now) {
		Cooldown current = this.cooldown.get();
		return current != null && (current.isRunning(now) || this.trialInFlight.get());
	}

	@Override
	public void releaseTrial() {
		this.trialInFlight.set(false);
	}

	@Override
	public boolean answered() {
		// Read first: under load most calls succeed, and writes would contend.
		return this.cooldown.get() != null && this.cooldown.getAndSet(null) != null;
	}

	@Override
	public void succeeded() {
		answered();
		if (this.consecutiveFailures.get() != 0) {
			this.consecutiveFailures.set(0);
		}
	}

	@Override
	public CoolingChange failed(Failure failure, @Nullable Cooldown cooldown, int threshold) {
		this.lastFailure = failure;
		int failures = this.consecutiveFailures.incrementAndGet();
		if (cooldown == null || failures < threshold) {
			return CoolingChange.NONE;
		}
		return apply(cooldown, failure.at());
	}

	/**
	 * Cool down until the given time; a cooldown is extended, never shortened.
	 * @param next the cooldown
	 * @param now the time
	 * @return {@link CoolingChange#STARTED} if the target was serving before (no
	 * cooldown, or an ended one), else {@link CoolingChange#EXTENDED}
	 */
	public CoolingChange apply(Cooldown next, Instant now) {
		Cooldown previous = this.cooldown.getAndAccumulate(next, (current,
				proposed) -> (current != null && current.until().isAfter(proposed.until())) ? current : proposed);
		return (previous == null || !previous.isRunning(now)) ? CoolingChange.STARTED : CoolingChange.EXTENDED;
	}

}
