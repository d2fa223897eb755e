package io.github.fallbackllm.routing.selection;

import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * {@code lowest-latency}: the usable target with the lowest moving average of time to
 * first byte or chunk first, unmeasured ones before all. A small share of calls goes to
 * another usable target first, so that a slow target that has recovered is measured
 * again.
 *
 * @author Fallback LLM contributors
 */
final class LowestLatencySelector implements TargetSelector {

	private final Supplier<? extends RandomGenerator> random;

	private final double exploration;

	/**
	 * @param random the source of exploration
	 * @param exploration the share of calls that try another target first
	 */
	LowestLatencySelector(Supplier<? extends RandomGenerator> random, double exploration) {
		this.random = random;
		this.exploration = exploration;
	}

	@Override
	public String name() {
		return TargetSelectors.LOWEST_LATENCY;
	}

	@Override
	public int[] select(TargetGroup group, SelectionContext context) {
		int[] order = new int[group.size()];
		int usable = Orders.usableFirst(group, context, order);
		if (usable < 2) {
			return order;
		}
		for (int i = 1; i < usable; i++) {
			int position = order[i];
			long latency = latency(group.get(position));
			int j = i - 1;
			while (j >= 0 && latency(group.get(order[j])) > latency) {
				order[j + 1] = order[j];
				j--;
			}
			order[j + 1] = position;
		}
		RandomGenerator random = this.random.get();
		if (random.nextDouble() < this.exploration) {
			int explored = 1 + random.nextInt(usable - 1);
			int swap = order[0];
			order[0] = order[explored];
			order[explored] = swap;
		}
		return order;
	}

	/** Unmeasured targets sort first: they are measured before anything is compared. */
	private static long latency(Candidate candidate) {
		TargetStats stats = candidate.stats();
		return stats.isMeasured() ? stats.latencyNanos() : -1;
	}

}
