package io.github.fallbackllm.routing.selection;

/**
 * Orders the targets of a group for one call: the strategy of a group
 * ({@code llm.fallback.routes.<name>.groups[i].strategy}). The router tries the targets
 * in the returned order, skips those that cannot serve (recording why), and moves on to
 * the next group once the order is exhausted.
 * <p>
 * Called on every call, on the caller's thread: it must neither block nor allocate beyond
 * its result, and must be thread-safe.
 *
 * @author Fallback LLM contributors
 * @see TargetSelectors
 */
public interface TargetSelector {

	/**
	 * Return the name a group's {@code strategy} refers to this selector by.
	 * @return the name, such as {@code weighted}
	 */
	String name();

	/**
	 * Order a group's targets for a call.
	 * @param group the group
	 * @param context the call, and which targets could serve it now
	 * @return positions in the group, each at most once, in the order to try them; a
	 * usable target should come before every unusable one, and a position left out is not
	 * tried. The array is not modified by the caller, so a constant may be returned.
	 */
	int[] select(TargetGroup group, SelectionContext context);

	/**
	 * Return whether this strategy reads {@link Candidate#stats()}. Calls keep a target's
	 * statistics only where some group that holds it needs them, which saves every other
	 * call the bookkeeping.
	 * @return whether the strategy reads in-flight counts or latencies
	 */
	default boolean readsStats() {
		return true;
	}

}
