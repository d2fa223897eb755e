package io.github.fallbackllm.state;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Health of one target, or of a whole provider, as traffic has shown it, shared by all
 * calls. Every method is called on the hot path of a chat call and must neither block nor
 * make a network call; a shared implementation keeps a local copy and synchronises it in
 * the background.
 * <p>
 * A cooled-down target stays marked after its cooldown ends, until a call succeeds on it.
 * Meanwhile one call at a time holds a trial lease, so that a recovering provider gets
 * one request rather than every waiting call at once.
 *
 * @author Fallback LLM contributors
 */
public interface TargetState {

	/**
	 * Return the current or last cooldown, which lasts until a call succeeds.
	 * @return the cooldown, or {@code null} if the target is healthy
	 */
	@Nullable Cooldown cooldown();

	/**
	 * Return whether calls skip this target at the given time.
	 * @param now the time
	 * @return whether it is cooling down
	 */
	default boolean isCoolingDown(Instant now) {
		Cooldown current = cooldown();
		return current != null && current.isRunning(now);
	}

	/**
	 * Return the failures seen since the last complete answer.
	 * @return the count
	 */
	int consecutiveFailures();

	/**
	 * Return the last failure traffic saw on this target.
	 * @return the failure, or {@code null} if none was seen
	 */
	@Nullable Failure lastFailure();

	/**
	 * Admit a call, taking the trial lease of a target whose cooldown has ended.
	 * @param now the time
	 * @param ignoreCooldown whether to take the trial lease even while the cooldown runs
	 * @return the admission
	 */
	Admission admit(Instant now, boolean ignoreCooldown);

	/**
	 * Return whether a call would be refused: cooling down, or a trial in flight.
	 * @param now the time
	 * @return whether the target is blocked
	 */
	boolean isBlocked(Instant now);

	/**
	 * Give back the trial lease taken by {@link #admit}.
	 */
	void releaseTrial();

	/**
	 * The target answered: it is back, whatever its cooldown said.
	 * @return whether a cooldown ended because of it
	 */
	boolean answered();

	/**
	 * The target delivered a whole answer: its failures are no longer consecutive.
	 */
	void succeeded();

	/**
	 * Record a failure, and cool the target down once it has failed {@code threshold}
	 * times in a row. A cooldown is extended, never shortened.
	 * @param failure the failure
	 * @param cooldown the cooldown to apply, or {@code null} for none
	 * @param threshold the consecutive failures, this one included, that start the
	 * cooldown; 1 to start it at once
	 * @return what happened to the cooldown
	 */
	CoolingChange failed(Failure failure, @Nullable Cooldown cooldown, int threshold);

}
