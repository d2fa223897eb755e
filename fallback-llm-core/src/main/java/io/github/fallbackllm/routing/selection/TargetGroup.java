package io.github.fallbackllm.routing.selection;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The targets of one group of a route, in configured order, with a turn counter for
 * strategies that rotate.
 *
 * @author Fallback LLM contributors
 */
public final class TargetGroup {

	private final List<? extends Candidate> targets;

	private final AtomicLong turns = new AtomicLong();

	/**
	 * Create a group.
	 * @param targets its targets, in configured order
	 */
	public TargetGroup(List<? extends Candidate> targets) {
		this.targets = List.copyOf(targets);
	}

	/**
	 * Return the number of targets.
	 * @return the size
	 */
	public int size() {
		return this.targets.size();
	}

	/**
	 * Return a target.
	 * @param index its position in configured order
	 * @return the target
	 */
	public Candidate get(int index) {
		return this.targets.get(index);
	}

	/**
	 * Return the targets in configured order.
	 * @return the targets
	 */
	public List<? extends Candidate> targets() {
		return this.targets;
	}

	/**
	 * Take the group's next turn: a counter that every call of this group that asks
	 * increments, for strategies that rotate or break ties.
	 * @return the turn, from 0
	 */
	public long nextTurn() {
		return this.turns.getAndIncrement();
	}

}
