package io.github.fallbackllm.gateway.messages;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.gateway.CancelledCalls;
import io.github.fallbackllm.gateway.GatewayAccess;
import io.github.fallbackllm.gateway.GatewayRequestBodies;
import io.github.fallbackllm.gateway.GatewayError;
import io.github.fallbackllm.gateway.GatewayErrors;
import io.github.fallbackllm.gateway.GatewayProperties;
import io.github.fallbackllm.gateway.GatewayRejectedException;
import io.github.fallbackllm.gateway.GatewayRoutes;
import io.github.fallbackllm.provider.ProviderException;
import io.github.fallbackllm.provider.anthropic.MessagesTokenCounter;
import io.github.fallbackllm.routing.ProviderPolicies;
import io.github.fallbackllm.routing.Route;
import io.github.fallbackllm.routing.RouteGroup;
import io.github.fallbackllm.routing.RouteTarget;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebExchange;

/**
 * {@code POST /v1/messages/count_tokens}, which Anthropic's clients call to decide when
 * to compact a conversation. A count is only right in the tokens of a model that may read
 * the request, so it is forwarded to the Anthropic-format targets of the route the
 * request's {@code model} selects (as a chat request's would), in the route's order, each
 * within its response timeout, until one answers; the client's {@code model} is replaced
 * by the target's. A gateway key may count only in the routes it may use, and a count is
 * not counted against its limits. A route without such a target answers 404 in
 * Anthropic's envelope, even when another route has one: an estimate, a count in another
 * route's model's tokens, or a made-up zero would silently mislead the client's
 * compaction.
 * <p>
 * A request the target rejects (400) is the client's to fix and goes back as it is; any
 * other failure moves on to the next target, and when none is left the answer is a 503
 * that says what each one answered.
 *
 * @author Fallback LLM contributors
 */
public final class MessagesTokenCounting {

	/** Path of the endpoint. */
	public static final String PATH = "/v1/messages/count_tokens";

	private static final JsonMapper JSON = JsonMapper.shared();

	private final Map<String, ProviderPolicies> providers = new HashMap<>();

	private final GatewayRoutes routes;

	private final GatewayAccess access;

	private final MessagesDialect dialect;

	private final GatewayErrors errors;

	private final int maxRequestBytes;

	/**
	 * Create the endpoint.
	 * @param providers every provider of the routes, by which the routes' targets are
	 * reached
	 * @param routes which route a request's model selects
	 * @param dialect the dialect whose envelope errors are written in
	 * @param access who may use which route
	 * @param properties the gateway's settings
	 */
	public MessagesTokenCounting(List<ProviderPolicies> providers, GatewayRoutes routes, MessagesDialect dialect,
			GatewayAccess access, GatewayProperties properties) {
		providers.forEach((provider) -> this.providers.put(provider.provider().name(), provider));
		this.routes = routes;
		this.access = access;
		this.dialect = dialect;
		this.errors = new GatewayErrors(properties);
		this.maxRequestBytes = (int) properties.getMaxRequestSize().toBytes();
	}

	/**
	 * Return the endpoint: {@code POST} only, with a 405 in Anthropic's envelope for
	 * other methods.
	 * @return the endpoint
	 */
	public RouterFunction<ServerResponse> endpoint() {
		return RouterFunctions.route()
			.POST(PATH, (request) -> ServerResponse.ok().build((exchange, context) -> count(exchange)))
			.route(RequestPredicates.path(PATH),
					(request) -> ServerResponse.status(HttpStatus.METHOD_NOT_ALLOWED)
						.allow(HttpMethod.POST)
						.contentType(MediaType.APPLICATION_JSON)
						.bodyValue(this.dialect.error(new GatewayError(HttpStatus.METHOD_NOT_ALLOWED,
								request.method() + " " + PATH + " is not supported; use POST"))))
			.build();
	}

	private Mono<Void> count(ServerWebExchange exchange) {
		ServerHttpResponse response = exchange.getResponse();
		return CancelledCalls.handleLateErrors(GatewayRequestBodies.read(exchange.getRequest(), this.maxRequestBytes)
			.map((body) -> MessagesRequest.readObject(body,
					"a count request such as {\"model\": \"claude-sonnet-4-5\", \"messages\": [...]}"))
			.flatMap((request) -> count(exchange, request))
			.flatMap((count) -> {
				response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
				return response.writeWith(Mono.just(response.bufferFactory().wrap(JSON.writeValueAsBytes(count))));
			})
			.onErrorResume((failure) -> (failure instanceof GatewayRejectedException rejected)
					? GatewayErrors.write(this.dialect, rejected, response)
					: GatewayErrors.write(this.dialect,
							(failure instanceof CountFailed failed) ? failed.error : this.errors.of(failure),
							response)));
	}

	private Mono<JsonNode> count(ServerWebExchange exchange, ObjectNode request) {
		JsonNode named = request.get("model");
		String model = (named != null && named.isString()) ? named.asString() : null;
		GatewayRejectedException refused = this.access.authorize(exchange, model);
		if (refused != null) {
			return Mono.error(refused);
		}
		Route route = this.routes.serviceFor(model).currentRoute();
		List<Target> targets = targets(route);
		if (targets.isEmpty()) {
			return Mono.error(new CountFailed(new GatewayError(HttpStatus.NOT_FOUND,
					"Token counting needs an Anthropic-format provider in route '" + route.name()
							+ "', and it has none (" + describe(route)
							+ "); a count in another provider's tokens would be wrong")));
		}
		return tryFrom(targets, 0, request, new ArrayList<>(targets.size()));
	}

	private Mono<JsonNode> tryFrom(List<Target> targets, int next, ObjectNode request, List<String> failures) {
		if (next == targets.size()) {
			return Mono.error(new CountFailed(new GatewayError(HttpStatus.SERVICE_UNAVAILABLE,
					"No Anthropic-format target could count the tokens: " + String.join("; ", failures))));
		}
		Target target = targets.get(next);
		return target.counter()
			.countTokens(target.model(), request)
			.timeout(target.route().timeouts().response())
			.onErrorResume((failure) -> {
				ProviderException provider = asProviderException(failure);
				if (provider.getOutcome() == AttemptOutcome.BAD_REQUEST
						|| provider.getOutcome() == AttemptOutcome.CONTEXT_TOO_LONG) {
					return Mono.error(new CountFailed(new GatewayError(HttpStatus.BAD_REQUEST,
							target.name() + " rejected the count request: " + provider.getDetail())));
				}
				failures.add(target.name() + " " + provider.getOutcome().description()
						+ (provider.getDetail().isEmpty() ? "" : " (" + provider.getDetail() + ")"));
				return tryFrom(targets, next + 1, request, failures);
			});
	}

	private static ProviderException asProviderException(Throwable failure) {
		if (failure instanceof ProviderException provider) {
			return provider;
		}
		return (failure instanceof TimeoutException) ? ProviderException.of(AttemptOutcome.TIMEOUT, "")
				: ProviderException.of(AttemptOutcome.NETWORK_ERROR, failure.getClass().getSimpleName());
	}

	/** Each target of the route on an Anthropic-format provider, in the route's order. */
	private List<Target> targets(Route route) {
		List<Target> targets = new ArrayList<>();
		for (RouteGroup group : route.groups()) {
			for (RouteTarget target : group.targets()) {
				ProviderPolicies provider = this.providers.get(target.provider());
				if (provider != null && provider.provider() instanceof MessagesTokenCounter counter) {
					targets.add(new Target(provider, counter, target.model()));
				}
			}
		}
		return targets;
	}

	/** The route's providers and their wire formats, each once. */
	private String describe(Route route) {
		Set<String> providers = new LinkedHashSet<>();
		for (RouteGroup group : route.groups()) {
			for (RouteTarget target : group.targets()) {
				ProviderPolicies provider = this.providers.get(target.provider());
				providers.add(target.provider() + ": " + ((provider != null) ? provider.provider().type() : "unknown"));
			}
		}
		return String.join(", ", providers);
	}

	private record Target(ProviderPolicies route, MessagesTokenCounter counter, String model) {

		String name() {
			return this.route.provider().name() + "/" + this.model;
		}

	}

	/** A count that failed with an error of its own, already in the gateway's terms. */
	private static final class CountFailed extends RuntimeException {

		private final transient GatewayError error;

		CountFailed(GatewayError error) {
			super(error.message(), null, false, false);
			this.error = error;
		}

	}

}
