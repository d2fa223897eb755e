package io.github.fallbackllm.gateway;

import java.util.List;

import io.github.fallbackllm.FallbackChatService;
import org.jspecify.annotations.Nullable;

/**
 * Which part of the fallback chain serves a request, by the model the client named; the
 * one place every dialect and the model list ask.
 *
 * @author Fallback LLM contributors
 */
public final class GatewayRoutes {

	/** The route of a chain without named routes. */
	public static final String DEFAULT_ROUTE = "default";

	private final FallbackChatService chatService;

	private final List<Model> models;

	/**
	 * Create the routes.
	 * @param chatService the fallback chain
	 * @param models what {@code GET /v1/models} lists, in order
	 */
	public GatewayRoutes(FallbackChatService chatService, List<Model> models) {
		this.chatService = chatService;
		this.models = List.copyOf(models);
	}

	/**
	 * Return the service that serves a request for a model. Until the chain has named
	 * routes, a model selects nothing: every request goes through the whole chain, so
	 * that a request for one provider's model still falls back to the others.
	 * @param model the model the client asked for, {@code null} when none
	 * @return the service
	 */
	public FallbackChatService serviceFor(@Nullable String model) {
		return this.chatService;
	}

	/**
	 * Return the name of the route that serves a request for a model, for the routes a
	 * gateway key may use. Until the chain has named routes, that is
	 * {@value #DEFAULT_ROUTE} for every model.
	 * @param model the model the client asked for, {@code null} when none
	 * @return the route's name
	 */
	public String routeOf(@Nullable String model) {
		return DEFAULT_ROUTE;
	}

	/**
	 * Return the models a client may ask for, in order.
	 * @return the models
	 */
	public List<Model> models() {
		return this.models;
	}

	/**
	 * A model a client may ask for.
	 *
	 * @param id the name the client sends as {@code model}
	 * @param ownedBy who serves it, such as a provider's name
	 * @author Fallback LLM contributors
	 */
	public record Model(String id, String ownedBy) {

	}

}
