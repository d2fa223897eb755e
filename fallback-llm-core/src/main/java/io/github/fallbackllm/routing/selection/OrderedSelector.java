package io.github.fallbackllm.routing.selection;

/**
 * {@code ordered}: the targets in configured order, usable or not, so that a call records
 * each target it skips on its way, as a chain without routes always did.
 *
 * @author Fallback LLM contributors
 */
final class OrderedSelector implements TargetSelector {

	/** Configured order for groups of up to this many targets, without allocating. */
	private static final int[][] IDENTITIES = new int[17][];

	static {
		for (int size = 0; size < IDENTITIES.length; size++) {
			IDENTITIES[size] = identity(size);
		}
	}

	@Override
	public String name() {
		return TargetSelectors.ORDERED;
	}

	@Override
	public boolean readsStats() {
		return false;
	}

	@Override
	public int[] select(TargetGroup group, SelectionContext context) {
		int size = group.size();
		return (size < IDENTITIES.length) ? IDENTITIES[size] : identity(size);
	}

	private static int[] identity(int size) {
		int[] order = new int[size];
		for (int i = 0; i < size; i++) {
			order[i] = i;
		}
		return order;
	}

}
