package io.github.fallbackllm.routing.selection;

/**
 * What the built-in strategies share: usable targets first, then the others in configured
 * order, so that a call that runs out of usable targets still records why it skipped the
 * rest.
 *
 * @author Fallback LLM contributors
 */
final class Orders {

	private Orders() {
	}

	/**
	 * Fill an array with the positions of the usable targets, in configured order, then
	 * the others', in configured order too.
	 * @param order an array as long as the group
	 * @return how many targets are usable
	 */
	static int usableFirst(TargetGroup group, SelectionContext context, int[] order) {
		int usable = 0;
		int last = order.length;
		for (int i = 0; i < order.length; i++) {
			if (context.isUsable(group.get(i))) {
				order[usable++] = i;
			}
			else {
				order[--last] = i;
			}
		}
		reverse(order, last, order.length);
		return usable;
	}

	/** Rotate the first {@code length} positions left by {@code distance}. */
	static void rotate(int[] order, int length, int distance) {
		if (length < 2 || distance % length == 0) {
			return;
		}
		int shift = distance % length;
		reverse(order, 0, shift);
		reverse(order, shift, length);
		reverse(order, 0, length);
	}

	private static void reverse(int[] order, int from, int to) {
		for (int i = from, j = to - 1; i < j; i++, j--) {
			int swap = order[i];
			order[i] = order[j];
			order[j] = swap;
		}
	}

}
