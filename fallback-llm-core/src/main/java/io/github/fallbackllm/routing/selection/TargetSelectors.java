package io.github.fallbackllm.routing.selection;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * The built-in strategies of a group.
 *
 * @author Fallback LLM contributors
 */
public final class TargetSelectors {

	/** Configured order: the default. */
	public static final String ORDERED = "ordered";

	/** Random, in proportion to each target's weight. */
	public static final String WEIGHTED = "weighted";

	/** Each call starts at the next target. */
	public static final String ROUND_ROBIN = "round-robin";

	/** Fewest calls in flight first. */
	public static final String LEAST_BUSY = "least-busy";

	/** Lowest moving average of time to first byte or chunk first. */
	public static final String LOWEST_LATENCY = "lowest-latency";

	/** Most rate-limit budget left, relative to the limit, first. */
	public static final String USAGE = "usage";

	/** Share of calls that {@code lowest-latency} sends to another target first. */
	public static final double EXPLORATION = 0.05;

	private static final Supplier<RandomGenerator> THREAD_LOCAL_RANDOM = ThreadLocalRandom::current;

	private TargetSelectors() {
	}

	/**
	 * Return the built-in strategies.
	 * @return one selector per built-in strategy name
	 */
	public static List<TargetSelector> builtIn() {
		return List.of(ordered(), weighted(THREAD_LOCAL_RANDOM), roundRobin(), leastBusy(),
				lowestLatency(THREAD_LOCAL_RANDOM, EXPLORATION), usage());
	}

	/**
	 * Return the {@value #ORDERED} strategy.
	 * @return the selector
	 */
	public static TargetSelector ordered() {
		return new OrderedSelector();
	}

	/**
	 * Return the {@value #WEIGHTED} strategy, with a source of randomness of its own, for
	 * example a seeded one.
	 * @param random supplies the generator to use on the calling thread
	 * @return the selector
	 */
	public static TargetSelector weighted(Supplier<? extends RandomGenerator> random) {
		return new WeightedSelector(random);
	}

	/**
	 * Return the {@value #ROUND_ROBIN} strategy.
	 * @return the selector
	 */
	public static TargetSelector roundRobin() {
		return new RoundRobinSelector();
	}

	/**
	 * Return the {@value #LEAST_BUSY} strategy.
	 * @return the selector
	 */
	public static TargetSelector leastBusy() {
		return new LeastBusySelector();
	}

	/**
	 * Return the {@value #USAGE} strategy.
	 * @return the selector
	 */
	public static TargetSelector usage() {
		return new UsageSelector();
	}

	/**
	 * Return a strategy with affinity: calls that carry an
	 * {@link io.github.fallbackllm.chat.ChatRequest#affinity() affinity key} go to the
	 * usable target their key ranks first by rendezvous hashing; calls without one are
	 * ordered by the strategy.
	 * @param strategy the group's strategy
	 * @return the selector, under the strategy's name
	 */
	public static TargetSelector withAffinity(TargetSelector strategy) {
		return new AffinitySelector(strategy);
	}

	/**
	 * Return the {@value #LOWEST_LATENCY} strategy, with a source of randomness and a
	 * share of exploring calls of its own.
	 * @param random supplies the generator to use on the calling thread
	 * @param exploration the share of calls, between 0 and 1, that try another usable
	 * target first
	 * @return the selector
	 */
	public static TargetSelector lowestLatency(Supplier<? extends RandomGenerator> random, double exploration) {
		return new LowestLatencySelector(random, exploration);
	}

}
