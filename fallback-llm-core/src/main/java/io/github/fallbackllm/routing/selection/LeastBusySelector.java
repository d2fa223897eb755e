package io.github.fallbackllm.routing.selection;

/**
 * {@code least-busy}: the usable target with the fewest calls in flight first; ties go
 * round, so that idle targets share the load and each stays measured.
 *
 * @author Fallback LLM contributors
 */
final class LeastBusySelector implements TargetSelector {

	@Override
	public String name() {
		return TargetSelectors.LEAST_BUSY;
	}

	@Override
	public int[] select(TargetGroup group, SelectionContext context) {
		int[] order = new int[group.size()];
		int usable = Orders.usableFirst(group, context, order);
		if (usable < 2) {
			return order;
		}
		Orders.rotate(order, usable, (int) (group.nextTurn() % usable));
		// Insertion sort, stable so the rotation breaks ties: groups are small.
		for (int i = 1; i < usable; i++) {
			int position = order[i];
			int busy = group.get(position).stats().inFlight();
			int j = i - 1;
			while (j >= 0 && group.get(order[j]).stats().inFlight() > busy) {
				order[j + 1] = order[j];
				j--;
			}
			order[j + 1] = position;
		}
		return order;
	}

}
