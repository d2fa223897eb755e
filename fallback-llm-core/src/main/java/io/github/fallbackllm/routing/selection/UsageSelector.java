package io.github.fallbackllm.routing.selection;

/**
 * {@code usage}: the usable target with the most of its rate-limit budget left, relative
 * to its limit, first; ties go round, so that targets without declared limits share the
 * load.
 *
 * @author Fallback LLM contributors
 */
final class UsageSelector implements TargetSelector {

	@Override
	public String name() {
		return TargetSelectors.USAGE;
	}

	@Override
	public int[] select(TargetGroup group, SelectionContext context) {
		int[] order = new int[group.size()];
		int usable = Orders.usableFirst(group, context, order);
		if (usable < 2) {
			return order;
		}
		Orders.rotate(order, usable, (int) (group.nextTurn() % usable));
		double[] headroom = new double[group.size()];
		for (int i = 0; i < usable; i++) {
			headroom[order[i]] = context.headroom(group.get(order[i]));
		}
		// Insertion sort, stable so the rotation breaks ties: groups are small.
		for (int i = 1; i < usable; i++) {
			int position = order[i];
			int j = i - 1;
			while (j >= 0 && headroom[order[j]] < headroom[position]) {
				order[j + 1] = order[j];
				j--;
			}
			order[j + 1] = position;
		}
		return order;
	}

}
