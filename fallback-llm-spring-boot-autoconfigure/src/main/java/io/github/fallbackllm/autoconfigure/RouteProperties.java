package io.github.fallbackllm.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.routing.HedgeSettings;
import io.github.fallbackllm.routing.selection.TargetSelectors;
import org.jspecify.annotations.Nullable;

/**
 * A named route, {@code llm.fallback.routes.<name>}: groups of targets, tried group after
 * group.
 *
 * @author Fallback LLM contributors
 */
public class RouteProperties {

	/**
	 * Names that select the route besides its own, such as the model names clients ask
	 * for.
	 */
	private List<String> aliases = new ArrayList<>();

	/**
	 * Groups of targets, in fallback order.
	 */
	private List<Group> groups = new ArrayList<>();

	/**
	 * Failures that move on to the next target, such as 'rate_limited'; the others end
	 * the call. Unset, every failure moves on.
	 */
	private Set<AttemptOutcome> fallbackOn = new LinkedHashSet<>();

	/**
	 * Failures that never cool a target down on this route.
	 */
	private Set<AttemptOutcome> noCooldownOn = new LinkedHashSet<>();

	/**
	 * Hedging of slow calls: start the next target when the first has not answered in
	 * time. Unset, the route never hedges.
	 */
	private @Nullable Hedge hedge;

	/**
	 * Whether the route's embedding targets may span more than one embedding space.
	 */
	private boolean allowMixedSpaces;

	public boolean isAllowMixedSpaces() {
		return this.allowMixedSpaces;
	}

	public void setAllowMixedSpaces(boolean allowMixedSpaces) {
		this.allowMixedSpaces = allowMixedSpaces;
	}

	public List<String> getAliases() {
		return this.aliases;
	}

	public void setAliases(List<String> aliases) {
		this.aliases = aliases;
	}

	public List<Group> getGroups() {
		return this.groups;
	}

	public void setGroups(List<Group> groups) {
		this.groups = groups;
	}

	public Set<AttemptOutcome> getFallbackOn() {
		return this.fallbackOn;
	}

	public void setFallbackOn(Set<AttemptOutcome> fallbackOn) {
		this.fallbackOn = fallbackOn;
	}

	public Set<AttemptOutcome> getNoCooldownOn() {
		return this.noCooldownOn;
	}

	public void setNoCooldownOn(Set<AttemptOutcome> noCooldownOn) {
		this.noCooldownOn = noCooldownOn;
	}

	public @Nullable Hedge getHedge() {
		return this.hedge;
	}

	public void setHedge(@Nullable Hedge hedge) {
		this.hedge = hedge;
	}

	/**
	 * When a route hedges: starts the next target while the first has not answered (or
	 * sent its first chunk), and takes the first answer.
	 */
	public static class Hedge {

		/**
		 * How long to wait for the first target before hedging: a duration such as
		 * '800ms', or a quantile of that target's own recent latency such as 'p95'.
		 */
		private @Nullable String after;

		/**
		 * Most hedges of one call in flight at once.
		 */
		private int max = HedgeSettings.DEFAULT_MAX;

		/**
		 * Most hedges per call over time (a token bucket per route): 0.1 allows 10 %
		 * extra calls; without a token the call waits as it would without hedging.
		 */
		private double maxRatio = HedgeSettings.DEFAULT_MAX_RATIO;

		/**
		 * Shortest delay a quantile may give.
		 */
		private Duration floor = HedgeSettings.DEFAULT_FLOOR;

		/**
		 * Longest delay a quantile may give, also used until the target has enough
		 * samples.
		 */
		private Duration ceiling = HedgeSettings.DEFAULT_CEILING;

		public @Nullable String getAfter() {
			return this.after;
		}

		public void setAfter(@Nullable String after) {
			this.after = after;
		}

		public int getMax() {
			return this.max;
		}

		public void setMax(int max) {
			this.max = max;
		}

		public double getMaxRatio() {
			return this.maxRatio;
		}

		public void setMaxRatio(double maxRatio) {
			this.maxRatio = maxRatio;
		}

		public Duration getFloor() {
			return this.floor;
		}

		public void setFloor(Duration floor) {
			this.floor = floor;
		}

		public Duration getCeiling() {
			return this.ceiling;
		}

		public void setCeiling(Duration ceiling) {
			this.ceiling = ceiling;
		}

	}

	/**
	 * A group of a route: targets that share its calls by a strategy.
	 */
	public static class Group {

		/**
		 * How the group orders its targets for each call: 'ordered', 'weighted',
		 * 'round-robin', 'least-busy', 'lowest-latency', 'usage', or the name of a
		 * TargetSelector bean.
		 */
		private String strategy = TargetSelectors.ORDERED;

		/**
		 * Whether calls with the same affinity key stay on one target while it is usable.
		 */
		private boolean affinity;

		/**
		 * Targets of the group.
		 */
		private List<Target> targets = new ArrayList<>();

		public boolean isAffinity() {
			return this.affinity;
		}

		public void setAffinity(boolean affinity) {
			this.affinity = affinity;
		}

		public String getStrategy() {
			return this.strategy;
		}

		public void setStrategy(String strategy) {
			this.strategy = strategy;
		}

		public List<Target> getTargets() {
			return this.targets;
		}

		public void setTargets(List<Target> targets) {
			this.targets = targets;
		}

	}

	/**
	 * A target of a group.
	 */
	public static class Target {

		/**
		 * Provider name and model, as 'provider/model', such as 'azure/gpt-4o'.
		 */
		private @Nullable String target;

		/**
		 * Weight of the target in a 'weighted' group.
		 */
		private int weight = 1;

		/**
		 * Requests per minute the target may receive; 0 for its provider's.
		 */
		private long rpm;

		/**
		 * Tokens per minute the target may use, estimated up front; 0 for its provider's.
		 */
		private long tpm;

		/**
		 * Embedding space of the target's vectors, making it an embedding target; unset,
		 * its model's name.
		 */
		private @Nullable String embeddingSpace;

		public @Nullable String getEmbeddingSpace() {
			return this.embeddingSpace;
		}

		public void setEmbeddingSpace(@Nullable String embeddingSpace) {
			this.embeddingSpace = embeddingSpace;
		}

		public long getRpm() {
			return this.rpm;
		}

		public void setRpm(long rpm) {
			this.rpm = rpm;
		}

		public long getTpm() {
			return this.tpm;
		}

		public void setTpm(long tpm) {
			this.tpm = tpm;
		}

		public @Nullable String getTarget() {
			return this.target;
		}

		public void setTarget(@Nullable String target) {
			this.target = target;
		}

		public int getWeight() {
			return this.weight;
		}

		public void setWeight(int weight) {
			this.weight = weight;
		}

	}

}
