package io.github.fallbackllm.autoconfigure.health;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.fallbackllm.routing.Route;
import io.github.fallbackllm.routing.RouteGroup;
import io.github.fallbackllm.routing.RouteTarget;
import io.github.fallbackllm.state.TargetStateStore;

/**
 * The {@code routes} entry of the {@code llm} health indicator: each route with its
 * aliases and groups, and whether a target of it can serve now.
 *
 * @author Fallback LLM contributors
 */
final class RouteHealth {

	private RouteHealth() {
	}

	static Map<String, Object> describe(List<Route> routes, TargetStateStore states, Instant now) {
		Map<String, Object> described = new LinkedHashMap<>();
		for (Route route : routes) {
			Map<String, Object> details = new LinkedHashMap<>();
			boolean serving = route.groups()
				.stream()
				.flatMap((group) -> group.targets().stream())
				.anyMatch((target) -> !states.provider(target.provider()).isCoolingDown(now)
						&& !states.target(target.provider(), target.model()).isCoolingDown(now));
			details.put("status", serving ? "UP" : "DOWN");
			if (!route.aliases().isEmpty()) {
				details.put("aliases", route.aliases());
			}
			details.put("groups", route.groups().stream().map(RouteHealth::group).toList());
			described.put(route.name(), details);
		}
		return described;
	}

	private static Map<String, Object> group(RouteGroup group) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("strategy", group.strategy());
		details.put("targets", group.targets().stream().map(RouteHealth::target).toList());
		return details;
	}

	private static String target(RouteTarget target) {
		return (target.weight() != 1) ? target.name() + " (weight " + target.weight() + ")" : target.name();
	}

}
