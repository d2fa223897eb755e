package io.github.fallbackllm.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.fallbackllm.autoconfigure.FallbackLlmProperties.Group;
import io.github.fallbackllm.policy.OutcomeOverrides;
import io.github.fallbackllm.routing.Route;
import io.github.fallbackllm.routing.RouteGroup;
import io.github.fallbackllm.routing.RouteTarget;

/**
 * The routes configured under {@code llm.fallback.routes}, as the service builder takes
 * them. Runs after validation, which reports what this would reject.
 *
 * @author Fallback LLM contributors
 */
final class ConfiguredRoutes {

	private ConfiguredRoutes() {
	}

	static List<Route> of(FallbackLlmProperties properties) {
		List<Route> routes = new ArrayList<>();
		for (Map.Entry<String, FallbackLlmProperties.Route> entry : properties.getRoutes().entrySet()) {
			FallbackLlmProperties.Route route = entry.getValue();
			List<RouteGroup> groups = new ArrayList<>();
			for (Group group : route.getGroups()) {
				groups.add(new RouteGroup(group.getStrategy(),
						group.getTargets()
							.stream()
							.map((target) -> RouteTarget.of(String.valueOf(target.getTarget()), target.getWeight())
								.withBudget(target.getRpm(), target.getTpm()))
							.toList(),
						group.isAffinity()));
			}
			routes.add(new Route(entry.getKey(), route.getAliases(), groups,
					new OutcomeOverrides(route.getFallbackOn(), route.getNoCooldownOn())));
		}
		return routes;
	}

}
