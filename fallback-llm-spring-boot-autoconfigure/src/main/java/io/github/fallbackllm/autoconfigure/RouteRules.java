package io.github.fallbackllm.autoconfigure;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.github.fallbackllm.autoconfigure.RouteProperties.Group;
import io.github.fallbackllm.autoconfigure.RouteProperties.Hedge;
import io.github.fallbackllm.autoconfigure.RouteProperties.Target;
import io.github.fallbackllm.provider.NameSuggestions;
import io.github.fallbackllm.routing.selection.TargetSelector;
import io.github.fallbackllm.routing.selection.TargetSelectors;

import org.springframework.util.StringUtils;

/**
 * What {@code llm.fallback.routes} and {@code llm.fallback.default-route} must satisfy:
 * every target names a provider and one of its models, every group has targets with
 * positive weights and a known strategy, no name selects two routes, hedging has a delay
 * and limits it can run with, and the default route exists.
 *
 * @author Fallback LLM contributors
 */
final class RouteRules {

	private static final String PREFIX = "llm.fallback";

	private RouteRules() {
	}

	/**
	 * Add the problems of the routes.
	 * @param problems where to add them
	 * @param properties the bound properties
	 * @param declaredProviders names of providers declared as beans, whose models are
	 * known only at run time
	 * @param declaredSelectors names of the strategies declared as beans
	 */
	static void validate(List<ConfigurationProblem> problems, FallbackLlmProperties properties,
			Set<String> declaredProviders, Set<String> declaredSelectors) {
		Map<String, List<String>> models = new LinkedHashMap<>();
		properties.getProviders()
			.stream()
			.filter((provider) -> provider.getName() != null)
			.forEach((provider) -> models.putIfAbsent(provider.getName(), provider.getModels()));
		Set<String> strategies = new TreeSet<>(declaredSelectors);
		TargetSelectors.builtIn().stream().map(TargetSelector::name).forEach(strategies::add);
		// Every route's name selects it, the implicit default route's too.
		Map<String, String> claimed = new LinkedHashMap<>();
		routeNames(properties).forEach((name) -> claimed.put(name, name));
		for (Map.Entry<String, RouteProperties> entry : properties.getRoutes().entrySet()) {
			String prefix = PREFIX + ".routes." + entry.getKey();
			RouteProperties route = entry.getValue();
			aliases(problems, prefix, entry.getKey(), route.getAliases(), claimed);
			Hedge hedge = route.getHedge();
			if (hedge != null) {
				hedge(problems, prefix + ".hedge", hedge);
			}
			if (route.getGroups().isEmpty()) {
				problems.add(new ConfigurationProblem(prefix + ".groups", "is empty",
						"add a group with at least one target, such as targets: [{target: openai/gpt-4o}]"));
			}
			for (int i = 0; i < route.getGroups().size(); i++) {
				group(problems, prefix + ".groups[" + i + "]", route.getGroups().get(i), models, declaredProviders,
						strategies);
			}
		}
		String defaultRoute = properties.getDefaultRoute();
		if (!routeNames(properties).contains(defaultRoute)) {
			problems.add(new ConfigurationProblem(PREFIX + ".default-route",
					"'" + defaultRoute + "' is not the name of a route", "use one of " + routeNames(properties)));
		}
	}

	private static void aliases(List<ConfigurationProblem> problems, String prefix, String route, List<String> aliases,
			Map<String, String> claimed) {
		for (int k = 0; k < aliases.size(); k++) {
			String alias = aliases.get(k);
			if (!StringUtils.hasText(alias)) {
				problems.add(new ConfigurationProblem(prefix + ".aliases[" + k + "]", "is blank",
						"name a model clients ask for, or remove the entry"));
				continue;
			}
			String owner = claimed.putIfAbsent(alias, route);
			if (owner != null && !owner.equals(route)) {
				problems.add(new ConfigurationProblem(prefix + ".aliases[" + k + "]",
						"'" + alias + "' already selects route '" + owner + "'",
						"let one route claim each name; remove it here or there"));
			}
		}
	}

	private static void hedge(List<ConfigurationProblem> problems, String prefix, Hedge hedge) {
		try {
			ConfiguredRoutes.delay(hedge.getAfter());
		}
		catch (IllegalArgumentException ex) {
			problems.add(new ConfigurationProblem(prefix + ".after", ex.getMessage(),
					"wait a delay such as 800ms, or a percentile of the target's recent latency such as p95"));
		}
		if (hedge.getMax() < 1) {
			problems.add(new ConfigurationProblem(prefix + ".max", "must be at least 1 (is " + hedge.getMax() + ")",
					"allow at least one hedge in flight, or remove hedge to never hedge"));
		}
		else if (!(hedge.getMaxRatio() > 0 && hedge.getMaxRatio() <= hedge.getMax())) {
			problems.add(new ConfigurationProblem(prefix + ".max-ratio",
					"must be above 0 and at most hedge.max (is " + hedge.getMaxRatio() + ")",
					"use the share of extra calls allowed, such as 0.1 for 10 %"));
		}
		if (hedge.getFloor().isNegative() || hedge.getCeiling().compareTo(hedge.getFloor()) < 0) {
			problems.add(new ConfigurationProblem(prefix + ".floor",
					"must be at least 0 and at most hedge.ceiling (" + hedge.getCeiling() + ")",
					"lower hedge.floor or raise hedge.ceiling"));
		}
	}

	private static void group(List<ConfigurationProblem> problems, String prefix, Group group,
			Map<String, List<String>> models, Set<String> declaredProviders, Set<String> strategies) {
		if (!strategies.contains(group.getStrategy())) {
			String suggestion = NameSuggestions.closest(group.getStrategy(), strategies);
			problems.add(new ConfigurationProblem(prefix + ".strategy",
					"'" + group.getStrategy() + "' is not a known strategy"
							+ ((suggestion != null) ? "; did you mean '" + suggestion + "'?" : ""),
					"use one of " + String.join(", ", strategies) + ", or declare a TargetSelector bean of that name"));
		}
		if (group.getTargets().isEmpty()) {
			problems.add(new ConfigurationProblem(prefix + ".targets", "is empty",
					"list at least one target, such as - target: openai/gpt-4o"));
		}
		for (int j = 0; j < group.getTargets().size(); j++) {
			target(problems, prefix + ".targets[" + j + "]", group.getTargets().get(j), models, declaredProviders);
		}
	}

	private static void target(List<ConfigurationProblem> problems, String prefix, Target target,
			Map<String, List<String>> models, Set<String> declaredProviders) {
		if (target.getWeight() <= 0) {
			problems
				.add(new ConfigurationProblem(prefix + ".weight", "must be at least 1 (is " + target.getWeight() + ")",
						"give the target a positive weight, or remove the weight for 1"));
		}
		BudgetRules.limits(problems, prefix, target.getRpm(), target.getTpm());
		String written = target.getTarget();
		int slash = (written != null) ? written.indexOf('/') : -1;
		if (written == null || slash <= 0 || slash == written.length() - 1) {
			problems.add(new ConfigurationProblem(prefix + ".target",
					(written == null) ? "is missing" : "'" + written + "' is not 'provider/model'",
					"name a provider and one of its models, such as openai/gpt-4o"));
			return;
		}
		String provider = written.substring(0, slash).strip();
		String model = written.substring(slash + 1).strip();
		List<String> known = models.get(provider);
		if (known == null && !declaredProviders.contains(provider)) {
			problems.add(new ConfigurationProblem(prefix + ".target",
					"'" + provider + "' is not a provider" + suggestion(provider, new TreeSet<>(models.keySet())),
					"use the name of an entry of llm.fallback.providers: " + models.keySet()));
		}
		else if (known != null && !known.contains(model)) {
			problems.add(new ConfigurationProblem(prefix + ".target",
					"'" + model + "' is not a model of provider '" + provider + "'" + suggestion(model, known),
					"use one of " + known + ", or add it to that provider's models"));
		}
	}

	private static String suggestion(String name, Collection<String> names) {
		String closest = NameSuggestions.closest(name, names);
		return (closest != null) ? "; did you mean '" + closest + "'?" : "";
	}

	private static Set<String> routeNames(FallbackLlmProperties properties) {
		Set<String> names = new TreeSet<>(properties.getRoutes().keySet());
		names.add(io.github.fallbackllm.routing.Route.DEFAULT);
		return names;
	}

}
