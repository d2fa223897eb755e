package io.github.fallbackllm.budget;

import org.jspecify.annotations.Nullable;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * Where a provider reports what an answer's headers said is left of its rate limits. The
 * router puts the report of the target it tries into the Reactor context of the attempt,
 * so that a provider needs no reference to routing and pays nothing when it is called on
 * its own.
 *
 * @author Fallback LLM contributors
 */
@FunctionalInterface
public interface LimitsReport {

	/**
	 * Take what an answer said is left.
	 * @param remaining the limits left
	 */
	void remaining(RemainingLimits remaining);

	/**
	 * Return a context that carries a report.
	 * @param context the context
	 * @param report the report
	 * @return the context with the report
	 */
	static Context into(Context context, LimitsReport report) {
		return context.put(LimitsReport.class, report);
	}

	/**
	 * Return the report of a context.
	 * @param context the context
	 * @return the report, or {@code null} when the call is not routed
	 */
	static @Nullable LimitsReport from(ContextView context) {
		return context.getOrDefault(LimitsReport.class, null);
	}

}
