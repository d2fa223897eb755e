package io.github.fallbackllm.routing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.policy.OutcomeOverrides;
import org.jspecify.annotations.Nullable;

/**
 * A named chain: an ordered list of groups of targets. A call tries a target of the first
 * group, chosen by the group's strategy; on a failure that moves on, another usable
 * target of the same group, then the next group.
 *
 * @param name the name, which calls select the route by
 * @param aliases further names that select the route, such as the model names clients ask
 * for
 * @param groups the groups, in fallback order
 * @param overrides how the route departs from the failure table
 * @param hedge when the route hedges a slow call, or {@code null} never to
 * @param allowMixedSpaces whether the route's embedding targets may span more than one
 * embedding space; a route that is refused at build time unless set
 * @author Fallback LLM contributors
 */
public record Route(String name, List<String> aliases, List<RouteGroup> groups, OutcomeOverrides overrides,
		@Nullable HedgeSettings hedge, boolean allowMixedSpaces) {

	/**
	 * The name of the route that calls use when they name none and none is configured.
	 */
	public static final String DEFAULT = "default";

	public Route {
		if (name == null || name.isBlank()) {
			throw new IllegalArgumentException("A route needs a name");
		}
		aliases = (aliases != null) ? List.copyOf(aliases) : List.of();
		groups = (groups != null) ? List.copyOf(groups) : List.of();
		overrides = (overrides != null) ? overrides : OutcomeOverrides.NONE;
	}

	/**
	 * Create a route whose embedding targets share one embedding space.
	 * @param name the name
	 * @param aliases further names
	 * @param groups the groups, in fallback order
	 * @param overrides how the route departs from the failure table
	 * @param hedge when the route hedges a slow call, or {@code null} never to
	 */
	public Route(String name, List<String> aliases, List<RouteGroup> groups, OutcomeOverrides overrides,
			@Nullable HedgeSettings hedge) {
		this(name, aliases, groups, overrides, hedge, false);
	}

	/**
	 * Create a route that never hedges.
	 * @param name the name
	 * @param aliases further names
	 * @param groups the groups, in fallback order
	 * @param overrides how the route departs from the failure table
	 */
	public Route(String name, List<String> aliases, List<RouteGroup> groups, OutcomeOverrides overrides) {
		this(name, aliases, groups, overrides, null);
	}

	/**
	 * Return whether the route answers to a name: its own or an alias.
	 * @param nameOrAlias the name
	 * @return whether it matches
	 */
	public boolean answersTo(String nameOrAlias) {
		return this.name.equals(nameOrAlias) || this.aliases.contains(nameOrAlias);
	}

	/**
	 * Start building a route.
	 * @param name the route's name
	 * @return the builder
	 */
	public static Builder builder(String name) {
		return new Builder(name);
	}

	/**
	 * Builder for a {@link Route}.
	 */
	public static final class Builder {

		private final String name;

		private final List<String> aliases = new ArrayList<>();

		private final List<RouteGroup> groups = new ArrayList<>();

		private Set<AttemptOutcome> fallbackOn = Set.of();

		private Set<AttemptOutcome> noCooldownOn = Set.of();

		private @Nullable HedgeSettings hedge;

		private boolean allowMixedSpaces;

		private Builder(String name) {
			this.name = name;
		}

		/**
		 * Add names that select the route.
		 * @param aliases the names
		 * @return this builder
		 */
		public Builder aliases(String... aliases) {
			this.aliases.addAll(Arrays.asList(aliases));
			return this;
		}

		/**
		 * Append a group.
		 * @param group the group
		 * @return this builder
		 */
		public Builder group(RouteGroup group) {
			this.groups.add(group);
			return this;
		}

		/**
		 * Append a group whose targets, written {@code provider/model}, are tried in
		 * order.
		 * @param targets the targets
		 * @return this builder
		 */
		public Builder group(String... targets) {
			return group(RouteGroup.ordered(Arrays.stream(targets).map(RouteTarget::of).toArray(RouteTarget[]::new)));
		}

		/**
		 * Let only these failures move on to the next target; the others end the call.
		 * @param outcomes the failures
		 * @return this builder
		 */
		public Builder fallbackOn(AttemptOutcome... outcomes) {
			this.fallbackOn = Set.of(outcomes);
			return this;
		}

		/**
		 * Let these failures never cool a target down on this route.
		 * @param outcomes the failures
		 * @return this builder
		 */
		public Builder noCooldownOn(AttemptOutcome... outcomes) {
			this.noCooldownOn = Set.of(outcomes);
			return this;
		}

		/**
		 * Hedge slow calls: start the next target when the first has not answered in
		 * time, and take the first answer.
		 * @param hedge when and how much to hedge
		 * @return this builder
		 */
		public Builder hedge(HedgeSettings hedge) {
			this.hedge = hedge;
			return this;
		}

		/**
		 * Let the route's embedding targets span more than one embedding space. A call is
		 * still served by one space, and its answer names it; vectors of two calls may
		 * then come from different spaces.
		 * @return this builder
		 */
		public Builder allowMixedSpaces() {
			this.allowMixedSpaces = true;
			return this;
		}

		public Route build() {
			return new Route(this.name, this.aliases, this.groups,
					new OutcomeOverrides(this.fallbackOn, this.noCooldownOn), this.hedge, this.allowMixedSpaces);
		}

	}

}
