package io.github.fallbackllm.gateway;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.github.fallbackllm.FallbackChatService;
import io.github.fallbackllm.routing.Route;
import io.github.fallbackllm.routing.RouteGroup;
import io.github.fallbackllm.routing.RouteTarget;
import org.jspecify.annotations.Nullable;

/**
 * Which route serves a request, by the model the client named; the one place every
 * dialect and the model list ask. Without configured routes every model selects the one
 * default chain, so that a request for one provider's model still falls back to the
 * others; with routes, a model selects the route whose name or alias it is, and any other
 * model is a 404 unless unknown models go to the default route.
 *
 * @author Fallback LLM contributors
 */
public final class GatewayRoutes {

	private final FallbackChatService chatService;

	private final boolean routesConfigured;

	private final boolean unknownToDefault;

	private final List<Model> models;

	/**
	 * Create the routes.
	 * @param chatService the fallback chain, on its default route
	 * @param unknownModel what a request for an unknown model gets
	 */
	public GatewayRoutes(FallbackChatService chatService, GatewayProperties.UnknownModel unknownModel) {
		this.chatService = chatService;
		List<Route> routes = chatService.routes();
		this.routesConfigured = routes.stream()
			.anyMatch((route) -> !route.name().equals(Route.DEFAULT) || !route.aliases().isEmpty());
		this.unknownToDefault = unknownModel == GatewayProperties.UnknownModel.DEFAULT_ROUTE;
		this.models = this.routesConfigured ? aliases(routes) : targetModels(routes);
	}

	/**
	 * Return the service that serves a request for a model.
	 * @param model the model the client asked for, {@code null} when none
	 * @return the service
	 * @throws UnknownModelException if routes are configured, none answers to the model,
	 * and unknown models are not sent to the default route
	 */
	public FallbackChatService serviceFor(@Nullable String model) {
		if (!this.routesConfigured || model == null || model.isBlank()) {
			return this.chatService;
		}
		return this.chatService.routeFor(model).orElseGet(() -> {
			if (this.unknownToDefault) {
				return this.chatService;
			}
			throw new UnknownModelException(model, this.models.stream().map(Model::id).toList());
		});
	}

	/**
	 * Return the name of the route that serves a request for a model, for the routes a
	 * gateway key may use.
	 * @param model the model the client asked for, {@code null} when none
	 * @return the route's name
	 * @throws UnknownModelException as {@link #serviceFor(String)}
	 */
	public String routeOf(@Nullable String model) {
		return serviceFor(model).currentRoute().name();
	}

	/**
	 * Return the models a client may ask for, in order: the routes' aliases (a route
	 * without aliases by its name), or without routes every configured model.
	 * @return the models
	 */
	public List<Model> models() {
		return this.models;
	}

	private static List<Model> aliases(List<Route> routes) {
		List<Model> models = new ArrayList<>();
		for (Route route : routes) {
			// The chain of every configured model stays reachable by name, unlisted.
			if (route.aliases().isEmpty() && !route.name().equals(Route.DEFAULT)) {
				models.add(new Model(route.name(), route.name()));
			}
			route.aliases().forEach((alias) -> models.add(new Model(alias, route.name())));
		}
		return List.copyOf(models);
	}

	private static List<Model> targetModels(List<Route> routes) {
		Set<Model> models = new LinkedHashSet<>();
		for (Route route : routes) {
			for (RouteGroup group : route.groups()) {
				for (RouteTarget target : group.targets()) {
					models.add(new Model(target.model(), target.provider()));
				}
			}
		}
		return List.copyOf(models);
	}

	/**
	 * A model a client may ask for.
	 *
	 * @param id the name the client sends as {@code model}
	 * @param ownedBy who serves it: a route's name, or a provider's
	 * @author Fallback LLM contributors
	 */
	public record Model(String id, String ownedBy) {

	}

	/**
	 * Thrown when a request names a model that no route answers to: a 404
	 * {@code model_not_found} in the dialect's envelope.
	 */
	public static final class UnknownModelException extends RuntimeException {

		UnknownModelException(String model, List<String> known) {
			super("The model '" + ((model.length() > 100) ? model.substring(0, 100) + "…" : model)
					+ "' is not served by this gateway; ask for one of " + String.join(", ", known)
					+ " (GET /v1/models lists them)", null, false, false);
		}

	}

}
