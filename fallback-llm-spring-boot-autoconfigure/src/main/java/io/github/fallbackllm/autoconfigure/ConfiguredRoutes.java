package io.github.fallbackllm.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.fallbackllm.autoconfigure.RouteProperties.Group;
import io.github.fallbackllm.autoconfigure.RouteProperties.Hedge;
import io.github.fallbackllm.policy.OutcomeOverrides;
import io.github.fallbackllm.routing.HedgeSettings;
import io.github.fallbackllm.routing.Route;
import io.github.fallbackllm.routing.RouteGroup;
import io.github.fallbackllm.routing.RouteTarget;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.convert.DurationStyle;

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
		for (Map.Entry<String, RouteProperties> entry : properties.getRoutes().entrySet()) {
			RouteProperties route = entry.getValue();
			List<RouteGroup> groups = new ArrayList<>();
			for (Group group : route.getGroups()) {
				groups.add(new RouteGroup(group.getStrategy(),
						group.getTargets()
							.stream()
							.map((target) -> RouteTarget.of(String.valueOf(target.getTarget()), target.getWeight())
								.withBudget(target.getRpm(), target.getTpm())
								.withEmbeddingSpace(target.getEmbeddingSpace()))
							.toList(),
						group.isAffinity()));
			}
			Hedge hedge = route.getHedge();
			routes.add(new Route(entry.getKey(), route.getAliases(), groups,
					new OutcomeOverrides(route.getFallbackOn(), route.getNoCooldownOn()),
					(hedge != null) ? hedge(hedge) : null, route.isAllowMixedSpaces()));
		}
		return routes;
	}

	/**
	 * Return the hedging a route's properties describe.
	 * @throws IllegalArgumentException if they describe none
	 */
	static HedgeSettings hedge(Hedge hedge) {
		return delay(hedge.getAfter()).withBounds(hedge.getFloor(), hedge.getCeiling())
			.withLimits(hedge.getMax(), hedge.getMaxRatio());
	}

	/**
	 * Return the hedging of a delay such as {@code 800ms} or a percentile such as
	 * {@code p95}, with default bounds and limits.
	 * @throws IllegalArgumentException with what is wrong with the value
	 */
	static HedgeSettings delay(@Nullable String after) {
		if (after == null || after.isBlank()) {
			throw new IllegalArgumentException("is missing");
		}
		String written = after.strip();
		if (written.startsWith("p") || written.startsWith("P")) {
			try {
				return HedgeSettings.afterQuantile(Double.parseDouble(written.substring(1)) / 100);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("'" + written + "' is not a percentile between p0 and p100");
			}
		}
		try {
			return HedgeSettings.after(DurationStyle.detectAndParse(written));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(
					"'" + written + "' is neither a positive duration such as 800ms nor a percentile such as p95");
		}
	}

}
