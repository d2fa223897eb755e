package io.github.fallbackllm.routing;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.github.fallbackllm.chat.AttemptOutcome;
import org.jspecify.annotations.Nullable;

/**
 * Health of one target, or of a whole provider, as traffic has shown it. Shared by all
 * calls; lock-free.
 * <p>
 * A cooled-down target stays marked after its cooldown ends, until a call succeeds on it.
 * Meanwhile one call at a time is let through as a trial, so that a recovering provider
 * gets one request rather than every waiting call at once.
 *
 * @author Fallback LLM contributors
 */
public final class TargetState {

	private final AtomicReference<@Nullable Cooldown> cooldown = new AtomicReference<>();

	private final AtomicInteger consecutiveFailures = new AtomicInteger();

	private final AtomicBoolean trialInFlight = new AtomicBoolean();

	private volatile @Nullable Failure lastFailure;

	/**
	 * Return the current or last cooldown, which lasts until a call succeeds.
	 * @return the cooldown, or {@code null} if the target is healthy
	 */
	public @Nullable Cooldown cooldown() {
		return this.cooldown.get();
	}

	/**
	 * Return whether calls skip this target at the given time.
	 * @param now the time
	 * @return whether it is cooling down
	 */
	public boolean isCoolingDown(Instant now) {
		Cooldown current = this.cooldown.get();
		return current != null && current.until().isAfter(now);
	}

	public int consecutiveFailures() {
		return this.consecutiveFailures.get();
	}

	/**
	 * Return the last failure traffic saw on this target.
	 * @return the failure, or {@code null} if none was seen
	 */
	public @Nullable Failure lastFailure() {
		return this.lastFailure;
	}

	/**
	 * Admit a call, taking the trial slot of a target whose cooldown has ended.
	 * @param ignoreCooldown whether to take the trial slot even while the cooldown runs
	 */
	Admission admit(Instant now, boolean ignoreCooldown) {
		Cooldown current = this.cooldown.get();
		if (current == null) {
			return Admission.OPEN;
		}
		if (!ignoreCooldown && current.until().isAfter(now)) {
			return Admission.COOLING;
		}
		return this.trialInFlight.compareAndSet(false, true) ? Admission.TRIAL : Admission.TRIAL_BUSY;
	}

	boolean isBlocked(Instant now) {
		Cooldown current = this.cooldown.get();
		return current != null && (current.until().isAfter(now) || this.trialInFlight.get());
	}

	void releaseTrial() {
		this.trialInFlight.set(false);
	}

	/** The target answered: it is back, whatever its cooldown said. */
	void answered() {
		// Read first: under load most calls succeed, and writes would contend.
		if (this.cooldown.get() != null) {
			this.cooldown.set(null);
		}
	}

	/** The target delivered a whole answer: its failures are no longer consecutive. */
	void succeeded() {
		answered();
		if (this.consecutiveFailures.get() != 0) {
			this.consecutiveFailures.set(0);
		}
	}

	int failed(Failure failure) {
		this.lastFailure = failure;
		return this.consecutiveFailures.incrementAndGet();
	}

	/**
	 * Cool down until the given time; a cooldown is extended, never shortened.
	 * @return whether the target was serving before (no cooldown, or an ended one)
	 */
	boolean coolDown(Cooldown next, Instant now) {
		Cooldown previous = this.cooldown.getAndAccumulate(next, (current,
				proposed) -> (current != null && current.until().isAfter(proposed.until())) ? current : proposed);
		return previous == null || !previous.until().isAfter(now);
	}

	/**
	 * Whether a call may use a target.
	 */
	enum Admission {

		/** Healthy. */
		OPEN,

		/** Recovering, and this call is the one trial. */
		TRIAL,

		/** Cooling down. */
		COOLING,

		/** Recovering, and another call's trial is in flight. */
		TRIAL_BUSY;

		boolean admitted() {
			return this == OPEN || this == TRIAL;
		}

	}

	/**
	 * Why and until when a target is skipped.
	 *
	 * @param until when calls may try it again
	 * @param cause the failure that started the cooldown
	 * @param detail what the provider said
	 */
	public record Cooldown(Instant until, AttemptOutcome cause, String detail) {

		/**
		 * Return whether the provider itself said when to come back, or that it will not
		 * serve until someone acts, rather than the cooldown being inferred from
		 * transient failures.
		 * @return whether the provider asked for it
		 */
		public boolean askedByProvider() {
			return switch (this.cause) {
				case RATE_LIMITED, QUOTA_EXCEEDED, AUTHENTICATION_FAILED, MODEL_NOT_FOUND -> true;
				default -> false;
			};
		}

	}

	/**
	 * A failure seen on a target.
	 *
	 * @param at when it happened
	 * @param outcome its classification
	 * @param httpStatus the HTTP status, if any
	 * @param detail what the provider said, redacted
	 */
	public record Failure(Instant at, AttemptOutcome outcome, @Nullable Integer httpStatus, String detail) {

		/**
		 * Return the failure on one line.
		 * @return the description
		 */
		public String describe() {
			return this.outcome.description() + ((this.httpStatus != null) ? " (HTTP " + this.httpStatus + ")" : "")
					+ (this.detail.isEmpty() ? "" : ": " + this.detail);
		}

	}

}
