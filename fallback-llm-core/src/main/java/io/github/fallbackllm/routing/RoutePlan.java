package io.github.fallbackllm.routing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.github.fallbackllm.chat.Capability;
import io.github.fallbackllm.routing.selection.TargetGroup;
import io.github.fallbackllm.routing.selection.TargetSelector;
import org.jspecify.annotations.Nullable;

/**
 * A route ready to serve calls: its groups of targets with their selectors, and what can
 * be asked of all its targets at once (which is back soonest).
 *
 * @author Fallback LLM contributors
 */
final class RoutePlan {

	private final Route definition;

	private final List<Group> groups;

	private final List<Target> targets;

	private final @Nullable Hedging hedging;

	RoutePlan(Route definition, List<Group> groups) {
		this(definition, groups, (definition.hedge() != null) ? new Hedging(definition.hedge()) : null);
	}

	private RoutePlan(Route definition, List<Group> groups, @Nullable Hedging hedging) {
		this.definition = definition;
		this.hedging = hedging;
		this.groups = List.copyOf(groups);
		List<Target> targets = new ArrayList<>();
		groups.forEach((group) -> targets.addAll(group.targets()));
		this.targets = List.copyOf(targets);
	}

	String name() {
		return this.definition.name();
	}

	Route definition() {
		return this.definition;
	}

	/** How the route hedges slow calls, or {@code null} if it never does. */
	@Nullable Hedging hedging() {
		return this.hedging;
	}

	int groupCount() {
		return this.groups.size();
	}

	Group group(int index) {
		return this.groups.get(index);
	}

	/** The number of targets, over all groups. */
	int size() {
		return this.targets.size();
	}

	/**
	 * Return the route cut down to the targets of one model, in the same groups and
	 * order, or empty when none serves it.
	 */
	Optional<RoutePlan> restrictedTo(String model) {
		List<Group> kept = new ArrayList<>();
		List<RouteGroup> keptDefinitions = new ArrayList<>();
		for (int i = 0; i < this.groups.size(); i++) {
			Group group = this.groups.get(i);
			List<Target> targets = group.targets().stream().filter((target) -> target.model().equals(model)).toList();
			if (!targets.isEmpty()) {
				kept.add(new Group(targets, group.selector()));
				RouteGroup definition = this.definition.groups().get(i);
				keptDefinitions.add(new RouteGroup(definition.strategy(),
						definition.targets().stream().filter((target) -> target.model().equals(model)).toList(),
						definition.affinity()));
			}
		}
		return kept.isEmpty() ? Optional.empty()
				: Optional.of(new RoutePlan(new Route(this.definition.name(), this.definition.aliases(),
						keptDefinitions, this.definition.overrides(), this.definition.hedge()), kept, this.hedging));
	}

	/**
	 * Return what every target supports: a request that needs no more can fall back along
	 * the whole route.
	 */
	Set<Capability> capabilities() {
		Set<Capability> common = EnumSet.allOf(Capability.class);
		this.targets.forEach((target) -> common.retainAll(target.llmProvider().capabilities()));
		return Collections.unmodifiableSet(common);
	}

	/**
	 * Return the target to try once when every target that could serve the request is
	 * cooling down: the one back soonest. {@code null} when some target can serve.
	 */
	@Nullable Target forcedTarget(Set<Capability> required, Instant now) {
		Target soonest = null;
		Instant soonestAt = null;
		for (Target target : this.targets) {
			if (!target.supports(required)) {
				continue;
			}
			if (!target.isBlocked(now)) {
				return null;
			}
			Instant availableAt = target.availableAt(now);
			Instant at = (availableAt != null) ? availableAt : now;
			if (soonestAt == null || at.isBefore(soonestAt)) {
				soonest = target;
				soonestAt = at;
			}
		}
		return soonest;
	}

	/**
	 * Return when the soonest target that could serve the request is back, or
	 * {@code null} when one is not cooling: the next call will try it at once.
	 */
	@Nullable Duration soonestRecovery(Set<Capability> required, Instant now) {
		Instant soonest = null;
		for (Target target : this.targets) {
			if (!target.supports(required)) {
				continue;
			}
			Instant availableAt = target.availableAt(now);
			if (availableAt == null) {
				return null;
			}
			if (soonest == null || availableAt.isBefore(soonest)) {
				soonest = availableAt;
			}
		}
		return (soonest != null) ? Duration.between(now, soonest) : null;
	}

	/**
	 * One group of the route.
	 *
	 * @param targets the targets, in configured order
	 * @param selector orders them for each call
	 * @param view the targets as the selector sees them
	 */
	record Group(List<Target> targets, TargetSelector selector, TargetGroup view) {

		Group(List<Target> targets, TargetSelector selector) {
			this(List.copyOf(targets), selector, new TargetGroup(targets));
		}

	}

}
