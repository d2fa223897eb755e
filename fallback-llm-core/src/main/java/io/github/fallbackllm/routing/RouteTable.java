package io.github.fallbackllm.routing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.fallbackllm.budget.BudgetLimits;
import io.github.fallbackllm.budget.BudgetStore;
import io.github.fallbackllm.budget.TargetBudget;
import io.github.fallbackllm.embedding.MixedEmbeddingSpacesException;
import io.github.fallbackllm.event.FallbackListener;
import io.github.fallbackllm.policy.FailureAdvice;
import io.github.fallbackllm.policy.FailurePolicy;
import io.github.fallbackllm.provider.LlmProvider;
import io.github.fallbackllm.routing.selection.TargetSelector;
import io.github.fallbackllm.routing.selection.TargetSelectors;
import io.github.fallbackllm.routing.selection.TargetStats;
import io.github.fallbackllm.state.TargetStateStore;
import org.jspecify.annotations.Nullable;

/**
 * Every route of a service, by name and alias, built once from the providers and the
 * route definitions. Without definitions there is one route, {@value Route#DEFAULT}:
 * every provider's models in order.
 *
 * @author Fallback LLM contributors
 */
final class RouteTable {

	private final Map<String, RoutePlan> byName = new LinkedHashMap<>();

	private final Map<String, RoutePlan> byNameOrAlias = new LinkedHashMap<>();

	private final RoutePlan defaultRoute;

	private final Map<String, TargetBudget> budgets;

	/**
	 * Build the routes.
	 * @param providers the providers with their policies, in chain order
	 * @param routes the route definitions
	 * @param defaultRoute the name of the route of calls that name none
	 * @param selectors the strategies by name
	 * @param states where target states live
	 * @param policy what failures mean, before a route's overrides
	 * @param advice how users refer to what they must change
	 * @param listener hears cooldowns, or {@code null}
	 * @throws IllegalArgumentException if a route names a provider, model or strategy
	 * that does not exist, or two routes claim one name
	 * @throws MixedEmbeddingSpacesException if a route's embedding targets span more than
	 * one embedding space and the route does not allow it
	 * @throws UnknownRouteException if the default route does not exist
	 */
	RouteTable(List<ProviderPolicies> providers, List<Route> routes, String defaultRoute,
			Map<String, TargetSelector> selectors, TargetStateStore states, FailurePolicy policy, FailureAdvice advice,
			@Nullable FallbackListener listener) {
		Map<String, ProviderPolicies> byProvider = new LinkedHashMap<>();
		providers.forEach((provider) -> byProvider.putIfAbsent(provider.provider().name(), provider));
		List<Route> definitions = new ArrayList<>(routes);
		if (routes.stream().noneMatch((route) -> route.name().equals(Route.DEFAULT))) {
			definitions.add(0, chain(providers));
		}
		for (Route route : routes) {
			if (route.groups().isEmpty()) {
				throw new IllegalArgumentException("Route '" + route.name() + "' has no group of targets");
			}
		}
		Set<String> measured = measured(definitions, selectors);
		Map<String, TargetStats> stats = new ConcurrentHashMap<>();
		Map<String, TargetBudget> budgets = budgets(definitions, byProvider, states.budgets());
		this.budgets = budgets;
		for (Route route : definitions) {
			FailurePolicy routePolicy = policy.with(route.overrides());
			List<RoutePlan.Group> groups = new ArrayList<>();
			for (int i = 0; i < route.groups().size(); i++) {
				RouteGroup group = route.groups().get(i);
				String where = "group " + i + " of route '" + route.name() + "'";
				TargetSelector selector = selectors.get(group.strategy());
				if (selector == null) {
					throw new IllegalArgumentException("The strategy '" + group.strategy() + "' of " + where
							+ " is not one of " + selectors.keySet());
				}
				List<Target> targets = new ArrayList<>(group.targets().size());
				for (RouteTarget target : group.targets()) {
					ProviderPolicies provider = byProvider.get(target.provider());
					int modelIndex = (provider != null) ? provider.provider().models().indexOf(target.model()) : -1;
					if (modelIndex < 0) {
						throw new IllegalArgumentException("Target '" + target.name() + "' of " + where + " is not "
								+ ((provider == null) ? "a provider of " + byProvider.keySet()
										: "a model of provider '" + target.provider() + "'"));
					}
					targets.add(new Target(provider, target.model(), modelIndex, target.weight(),
							states.target(target.provider(), target.model()), states.provider(target.provider()),
							stats.computeIfAbsent(target.name(), (key) -> new TargetStats()),
							measured.contains(target.name()),
							budgets.computeIfAbsent(target.name(),
									(key) -> new TargetBudget(provider.budget(), states.budgets(), key)),
							routePolicy, advice, listener, embeddingSpace(target, provider, where)));
				}
				groups.add(new RoutePlan.Group(targets,
						group.affinity() ? TargetSelectors.withAffinity(selector) : selector));
			}
			RoutePlan plan = new RoutePlan(route, groups);
			if (!route.allowMixedSpaces() && plan.embeddingSpaces().size() > 1) {
				throw mixedSpaces(route.name(), groups);
			}
			add(plan);
		}
		this.defaultRoute = get(defaultRoute);
	}

	/**
	 * Return the embedding space of a target: the one it names, else its model's name
	 * when its provider says the model embeds; {@code null} for a chat model.
	 * @throws IllegalArgumentException if it names a space on a provider that serves no
	 * embeddings
	 */
	private static @Nullable String embeddingSpace(RouteTarget target, ProviderPolicies provider, String where) {
		LlmProvider llmProvider = provider.provider();
		if (target.embeddingSpace() != null) {
			if (!llmProvider.supportsEmbeddings()) {
				throw new IllegalArgumentException("Target '" + target.name() + "' of " + where
						+ " names embedding space '" + target.embeddingSpace() + "' but provider '" + target.provider()
						+ "' (" + llmProvider.type() + ") serves no embeddings");
			}
			return target.embeddingSpace();
		}
		return llmProvider.isEmbeddingModel(target.model()) ? target.model() : null;
	}

	private static MixedEmbeddingSpacesException mixedSpaces(String route, List<RoutePlan.Group> groups) {
		Map<String, List<String>> bySpace = new LinkedHashMap<>();
		for (RoutePlan.Group group : groups) {
			for (Target target : group.targets()) {
				if (target.embeds()) {
					bySpace.computeIfAbsent(target.embeddingSpace(), (space) -> new ArrayList<>()).add(target.name());
				}
			}
		}
		return new MixedEmbeddingSpacesException(route, bySpace);
	}

	/**
	 * Return the targets whose statistics some strategy or a route's hedge delay reads:
	 * every call to them, on any route, keeps them.
	 */
	private static Set<String> measured(List<Route> routes, Map<String, TargetSelector> selectors) {
		Set<String> measured = new HashSet<>();
		for (Route route : routes) {
			for (RouteGroup group : route.groups()) {
				TargetSelector selector = selectors.get(group.strategy());
				if (route.hedge() != null || (selector != null && selector.readsStats())) {
					group.targets().forEach((target) -> measured.add(target.name()));
				}
			}
		}
		return measured;
	}

	/**
	 * The one budget of each provider's model that a route declares limits for, whichever
	 * routes use it: the limits are the deployment's, so two routes may not declare
	 * different ones. A limit a target leaves out is its provider's; a model no route
	 * declares limits for has its provider's.
	 */
	private static Map<String, TargetBudget> budgets(List<Route> routes, Map<String, ProviderPolicies> providers,
			BudgetStore store) {
		Map<String, TargetBudget> budgets = new ConcurrentHashMap<>();
		for (Route route : routes) {
			for (RouteGroup group : route.groups()) {
				for (RouteTarget target : group.targets()) {
					ProviderPolicies provider = providers.get(target.provider());
					if (!target.budget().isDeclared() || provider == null) {
						continue;
					}
					BudgetLimits limits = target.budget().orElse(provider.budget());
					TargetBudget budget = budgets.computeIfAbsent(target.name(),
							(key) -> new TargetBudget(limits, store, key));
					if (budget.rpm() != limits.rpm() || budget.tpm() != limits.tpm()) {
						throw new IllegalArgumentException("Target '" + target.name() + "' of route '" + route.name()
								+ "' declares rpm " + limits.rpm() + " and tpm " + limits.tpm()
								+ " where another route declares rpm " + budget.rpm() + " and tpm " + budget.tpm()
								+ ": a target has one budget");
					}
				}
			}
		}
		return budgets;
	}

	private void add(RoutePlan plan) {
		this.byName.put(plan.name(), plan);
		claim(plan.name(), plan);
		plan.definition().aliases().forEach((alias) -> claim(alias, plan));
	}

	private void claim(String name, RoutePlan plan) {
		RoutePlan previous = this.byNameOrAlias.putIfAbsent(name, plan);
		if (previous != null && previous != plan) {
			throw new IllegalArgumentException(
					"'" + name + "' names two routes: '" + previous.name() + "' and '" + plan.name() + "'");
		}
	}

	/**
	 * The chain of calls when no route is named {@value Route#DEFAULT}: every model of
	 * every provider, in order, except embedding models of another embedding space than
	 * the first one's, which serve only on routes that name them: a route built here
	 * never mixes spaces.
	 */
	private static Route chain(List<ProviderPolicies> providers) {
		List<RouteTarget> targets = new ArrayList<>();
		String space = null;
		for (ProviderPolicies provider : providers) {
			LlmProvider llmProvider = provider.provider();
			for (String model : llmProvider.models()) {
				if (llmProvider.isEmbeddingModel(model)) {
					if (space != null && !space.equals(model)) {
						continue;
					}
					space = model;
				}
				targets.add(new RouteTarget(llmProvider.name(), model, 1));
			}
		}
		return new Route(Route.DEFAULT, List.of(),
				targets.isEmpty() ? List.of() : List.of(RouteGroup.ordered(targets.toArray(RouteTarget[]::new))), null);
	}

	RoutePlan defaultRoute() {
		return this.defaultRoute;
	}

	/**
	 * Return a route by name.
	 * @throws UnknownRouteException if none has that name
	 */
	RoutePlan get(String name) {
		RoutePlan plan = this.byName.get(name);
		if (plan == null) {
			throw unknown(name);
		}
		return plan;
	}

	UnknownRouteException unknown(String name) {
		return new UnknownRouteException(name, List.copyOf(this.byName.keySet()));
	}

	/** Return the route with that name or alias. */
	Optional<RoutePlan> find(String nameOrAlias) {
		return Optional.ofNullable(this.byNameOrAlias.get(nameOrAlias));
	}

	/** The budget of a target, {@code provider/model}, if a route uses it. */
	@Nullable TargetBudget budget(String target) {
		return this.budgets.get(target);
	}

	List<Route> routes() {
		return this.byName.values().stream().map(RoutePlan::definition).toList();
	}

}
