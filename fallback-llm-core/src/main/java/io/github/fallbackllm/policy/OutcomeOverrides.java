package io.github.fallbackllm.policy;

import java.util.EnumSet;
import java.util.Set;

import io.github.fallbackllm.chat.AttemptOutcome;

/**
 * How one route departs from the {@link FailurePolicy}'s table.
 *
 * @param fallbackOn the failures that move on to the next target; empty for every
 * failure, as the table says
 * @param noCooldownOn the failures that never cool a target down on this route, nor count
 * toward its consecutive failures
 * @author Fallback LLM contributors
 */
public record OutcomeOverrides(Set<AttemptOutcome> fallbackOn, Set<AttemptOutcome> noCooldownOn) {

	/** The table as it is. */
	public static final OutcomeOverrides NONE = new OutcomeOverrides(Set.of(), Set.of());

	public OutcomeOverrides {
		fallbackOn = copy(fallbackOn);
		noCooldownOn = copy(noCooldownOn);
	}

	/**
	 * Return whether these overrides change nothing.
	 * @return whether both sets are empty
	 */
	public boolean isEmpty() {
		return this.fallbackOn.isEmpty() && this.noCooldownOn.isEmpty();
	}

	private static Set<AttemptOutcome> copy(Set<AttemptOutcome> outcomes) {
		return (outcomes == null || outcomes.isEmpty()) ? Set.of() : Set.copyOf(EnumSet.copyOf(outcomes));
	}

}
