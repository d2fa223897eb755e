package io.github.fallbackllm.routing.selection;

/**
 * {@code round-robin}: each call of the group starts at the next usable target.
 *
 * @author Fallback LLM contributors
 */
final class RoundRobinSelector implements TargetSelector {

	@Override
	public String name() {
		return TargetSelectors.ROUND_ROBIN;
	}

	@Override
	public boolean readsStats() {
		return false;
	}

	@Override
	public int[] select(TargetGroup group, SelectionContext context) {
		int[] order = new int[group.size()];
		int usable = Orders.usableFirst(group, context, order);
		if (usable > 1) {
			Orders.rotate(order, usable, (int) (group.nextTurn() % usable));
		}
		return order;
	}

}
