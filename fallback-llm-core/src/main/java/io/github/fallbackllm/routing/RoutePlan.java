package io.github.fallbackllm.routing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

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

	private final List<String> embeddingSpaces;

	private final int maxEmbeddingInputs;

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
		Set<String> spaces = new LinkedHashSet<>();
		int maxInputs = Integer.MAX_VALUE;
		for (Target target : this.targets) {
			if (target.embeds()) {
				spaces.add(target.embeddingSpace());
				maxInputs = Math.min(maxInputs, Math.max(1, target.llmProvider().maxEmbeddingInputs()));
			}
		}
		this.embeddingSpaces = List.copyOf(spaces);
		this.maxEmbeddingInputs = maxInputs;
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
		return restrictedTo((target) -> target.model().equals(model));
	}

	/**
	 * Return the route cut down to the embedding targets of one space, in the same groups
	 * and order, or empty when none serves it.
	 */
	Optional<RoutePlan> inSpace(String space) {
		return restrictedTo((target) -> space.equals(target.embeddingSpace()));
	}

	private Optional<RoutePlan> restrictedTo(Predicate<Target> kept) {
		List<Group> keptGroups = new ArrayList<>();
		List<RouteGroup> keptDefinitions = new ArrayList<>();
		for (int i = 0; i < this.groups.size(); i++) {
			Group group = this.groups.get(i);
			RouteGroup definition = this.definition.groups().get(i);
			List<Target> targets = new ArrayList<>();
			List<RouteTarget> definitions = new ArrayList<>();
			// A group's targets are its definition's, in the same order.
			for (int j = 0; j < group.targets().size(); j++) {
				if (kept.test(group.targets().get(j))) {
					targets.add(group.targets().get(j));
					definitions.add(definition.targets().get(j));
				}
			}
			if (!targets.isEmpty()) {
				keptGroups.add(new Group(targets, group.selector()));
				keptDefinitions.add(new RouteGroup(definition.strategy(), definitions, definition.affinity()));
			}
		}
		Route route = this.definition;
		return keptGroups.isEmpty() ? Optional.empty()
				: Optional.of(new RoutePlan(new Route(route.name(), route.aliases(), keptDefinitions, route.overrides(),
						route.hedge(), route.allowMixedSpaces()), keptGroups, this.hedging));
	}

	/**
	 * Return the embedding spaces of the route's embedding targets, in route order: empty
	 * when the route serves no embeddings.
	 */
	List<String> embeddingSpaces() {
		return this.embeddingSpaces;
	}

	/**
	 * Return how many inputs one embedding request of the route may carry: the smallest
	 * maximum of its embedding targets, so that any of them can serve any batch.
	 */
	int maxEmbeddingInputs() {
		return this.maxEmbeddingInputs;
	}

	/**
	 * Return what every target supports: a request that needs no more can fall back along
	 * the whole route.
	 */
	Set<Capability> capabilities() {
		Set<Capability> common = EnumSet.allOf(Capability.class);
		this.targets.stream()
			.filter((target) -> !target.embeds())
			.forEach((target) -> common.retainAll(target.llmProvider().capabilities()));
		return Collections.unmodifiableSet(common);
	}

	/**
	 * Return the target to try once when every target that could serve the request is
	 * cooling down: the one back soonest. {@code null} when some target can serve.
	 */
	@Nullable Target forcedTarget(Predicate<Target> serves, Instant now) {
		Target soonest = null;
		Instant soonestAt = null;
		for (Target target : this.targets) {
			if (!serves.test(target)) {
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
	@Nullable Duration soonestRecovery(Predicate<Target> serves, Instant now) {
		Instant soonest = null;
		for (Target target : this.targets) {
			if (!serves.test(target)) {
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
