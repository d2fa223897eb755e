package io.github.fallbackllm.routing;

import java.util.List;

import io.github.fallbackllm.routing.selection.TargetSelectors;

/**
 * A group of a route: targets that share the load of the group by a strategy, and stand
 * in for each other before the route moves on to its next group.
 *
 * @param strategy the name of the
 * {@link io.github.fallbackllm.routing.selection.TargetSelector} that orders the targets
 * for each call
 * @param targets the targets, at least one
 * @param affinity whether calls with the same affinity key go to the same target while it
 * is usable
 * @author Fallback LLM contributors
 */
public record RouteGroup(String strategy, List<RouteTarget> targets, boolean affinity) {

	public RouteGroup {
		if (strategy == null || strategy.isBlank()) {
			strategy = TargetSelectors.ORDERED;
		}
		if (targets == null || targets.isEmpty()) {
			throw new IllegalArgumentException("A route group needs at least one target");
		}
		targets = List.copyOf(targets);
	}

	/**
	 * Create a group without affinity.
	 * @param strategy the strategy's name
	 * @param targets the targets
	 */
	public RouteGroup(String strategy, List<RouteTarget> targets) {
		this(strategy, targets, false);
	}

	/**
	 * Return this group keeping each affinity key on one target while it is usable.
	 * @return the group
	 */
	public RouteGroup withAffinity() {
		return new RouteGroup(this.strategy, this.targets, true);
	}

	/**
	 * Create a group whose targets are tried in order.
	 * @param targets the targets
	 * @return the group
	 */
	public static RouteGroup ordered(RouteTarget... targets) {
		return new RouteGroup(TargetSelectors.ORDERED, List.of(targets));
	}

	/**
	 * Create a group with a strategy.
	 * @param strategy the strategy's name, such as {@code weighted}
	 * @param targets the targets
	 * @return the group
	 */
	public static RouteGroup of(String strategy, RouteTarget... targets) {
		return new RouteGroup(strategy, List.of(targets));
	}

}
