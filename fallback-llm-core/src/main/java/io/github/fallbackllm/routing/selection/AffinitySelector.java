package io.github.fallbackllm.routing.selection;

import io.github.fallbackllm.chat.ChatRequest;

/**
 * Affinity on top of a group's strategy: a call with an affinity key goes to the usable
 * target that scores highest for the key by weighted rendezvous hashing, so that the
 * calls of one conversation reach the same deployment and its prompt cache. When that
 * target cannot serve (cooling down, over budget), the key's next-highest does, and the
 * key returns when the first recovers; adding a target moves only the keys it now wins.
 * Calls without a key are ordered by the group's strategy.
 *
 * @author Fallback LLM contributors
 */
final class AffinitySelector implements TargetSelector {

	private final TargetSelector strategy;

	AffinitySelector(TargetSelector strategy) {
		this.strategy = strategy;
	}

	@Override
	public String name() {
		return this.strategy.name();
	}

	@Override
	public int[] select(TargetGroup group, SelectionContext context) {
		ChatRequest request = context.request();
		String key = (request != null) ? request.affinity() : null;
		if (key == null) {
			return this.strategy.select(group, context);
		}
		int[] order = new int[group.size()];
		int usable = Orders.usableFirst(group, context, order);
		if (usable < 2) {
			return order;
		}
		long keyHash = mix(key.hashCode());
		double[] scores = new double[group.size()];
		for (int i = 0; i < usable; i++) {
			scores[order[i]] = score(keyHash, group.get(order[i]));
		}
		for (int i = 1; i < usable; i++) {
			int position = order[i];
			int j = i - 1;
			while (j >= 0 && scores[order[j]] < scores[position]) {
				order[j + 1] = order[j];
				j--;
			}
			order[j + 1] = position;
		}
		return order;
	}

	/**
	 * Weighted rendezvous score: {@code -weight / ln(u)} for a hash {@code u} of the key
	 * and the target, uniform in (0, 1), so that each target wins a share of keys in
	 * proportion to its weight.
	 */
	static double score(long keyHash, Candidate candidate) {
		long target = mix(31L * candidate.provider().hashCode() + candidate.model().hashCode());
		double unit = ((mix(keyHash ^ target) >>> 11) + 0.5) * 0x1.0p-53;
		return -candidate.weight() / Math.log(unit);
	}

	/**
	 * The finaliser of MurmurHash3's 64-bit hash: every input bit moves every output bit.
	 */
	private static long mix(long value) {
		long h = value;
		h ^= h >>> 33;
		h *= 0xff51afd7ed558ccdL;
		h ^= h >>> 33;
		h *= 0xc4ceb9fe1a85ec53L;
		h ^= h >>> 33;
		return h;
	}

}
