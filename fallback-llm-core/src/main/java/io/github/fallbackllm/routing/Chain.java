package io.github.fallbackllm.routing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import io.github.fallbackllm.chat.Capability;
import io.github.fallbackllm.state.TargetState;
import io.github.fallbackllm.state.TargetStateStore;
import org.jspecify.annotations.Nullable;

import org.springframework.core.retry.RetryPolicy;

/**
 * The targets of the chain in order, and what can be asked of all of them at once: which
 * could serve a request, which is back soonest.
 *
 * @author Fallback LLM contributors
 */
final class Chain {

	private final List<Target> targets;

	Chain(List<Route> routes, TargetStateStore states, Predicate<Throwable> retryable) {
		List<Target> targets = new ArrayList<>();
		for (Route route : routes) {
			RetryPolicy retryPolicy = route.retry().toRetryPolicy(retryable);
			String provider = route.provider().name();
			TargetState providerState = states.provider(provider);
			List<String> models = route.provider().models();
			for (int i = 0; i < models.size(); i++) {
				targets.add(new Target(targets.size(), route, models.get(i), i, states.target(provider, models.get(i)),
						providerState, retryPolicy));
			}
		}
		this.targets = List.copyOf(targets);
	}

	private Chain(List<Target> targets) {
		this.targets = List.copyOf(targets);
	}

	/**
	 * Return the targets of one model only, in order, or empty when none serves it.
	 */
	Optional<Chain> restrictedTo(String model) {
		List<Target> kept = new ArrayList<>();
		for (Target target : this.targets) {
			if (target.model().equals(model)) {
				kept.add(target.at(kept.size()));
			}
		}
		return kept.isEmpty() ? Optional.empty() : Optional.of(new Chain(kept));
	}

	int size() {
		return this.targets.size();
	}

	/**
	 * Return what every target supports: a request that needs no more can fall back along
	 * the whole chain.
	 */
	Set<Capability> capabilities() {
		Set<Capability> common = EnumSet.allOf(Capability.class);
		this.targets.forEach((target) -> common.retainAll(target.provider().capabilities()));
		return Collections.unmodifiableSet(common);
	}

	Target get(int index) {
		return this.targets.get(index);
	}

	/**
	 * Return whether a target after the given one could serve the request now.
	 */
	boolean hasUsableTargetAfter(Target target, Set<Capability> required, Instant now) {
		for (int index = target.index() + 1; index < this.targets.size(); index++) {
			Target later = this.targets.get(index);
			if (later.supports(required) && !later.isBlocked(now)) {
				return true;
			}
		}
		return false;
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

}
