package io.github.fallbackllm.routing.selection;

import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * {@code weighted}: a usable target picked at random in proportion to its weight, then,
 * should it fail, another among the rest the same way.
 *
 * @author Fallback LLM contributors
 */
final class WeightedSelector implements TargetSelector {

	private final Supplier<? extends RandomGenerator> random;

	WeightedSelector(Supplier<? extends RandomGenerator> random) {
		this.random = random;
	}

	@Override
	public String name() {
		return TargetSelectors.WEIGHTED;
	}

	@Override
	public boolean readsStats() {
		return false;
	}

	@Override
	public int[] select(TargetGroup group, SelectionContext context) {
		int[] order = new int[group.size()];
		int usable = Orders.usableFirst(group, context, order);
		if (usable < 2) {
			return order;
		}
		RandomGenerator random = this.random.get();
		long total = 0;
		for (int i = 0; i < usable; i++) {
			total += group.get(order[i]).weight();
		}
		for (int position = 0; position < usable - 1; position++) {
			long pick = random.nextLong(total);
			int chosen = position;
			long seen = group.get(order[chosen]).weight();
			while (seen <= pick) {
				chosen++;
				seen += group.get(order[chosen]).weight();
			}
			int swap = order[position];
			order[position] = order[chosen];
			order[chosen] = swap;
			total -= group.get(order[position]).weight();
		}
		return order;
	}

}
