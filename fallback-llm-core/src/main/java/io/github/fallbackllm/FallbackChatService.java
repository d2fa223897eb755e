package io.github.fallbackllm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

import io.github.fallbackllm.budget.BudgetSnapshot;
import io.github.fallbackllm.chat.AllProvidersFailedException;
import io.github.fallbackllm.chat.Capability;
import io.github.fallbackllm.chat.ChatChunk;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.chat.ChatStreamInterruptedException;
import io.github.fallbackllm.chat.InvalidChatRequestException;
import io.github.fallbackllm.chat.ToolCallAccumulator;
import io.github.fallbackllm.event.CompositeFallbackListener;
import io.github.fallbackllm.event.FallbackListener;
import io.github.fallbackllm.event.LoggingFallbackListener;
import io.github.fallbackllm.observation.AttemptObservationConvention;
import io.github.fallbackllm.observation.CallObservationConvention;
import io.github.fallbackllm.observation.FallbackObservations;
import io.github.fallbackllm.policy.FailureAdvice;
import io.github.fallbackllm.policy.FailurePolicy;
import io.github.fallbackllm.provider.LlmProvider;
import io.github.fallbackllm.provider.SecretRedactor;
import io.github.fallbackllm.routing.FallbackRouter;
import io.github.fallbackllm.routing.ProviderPolicies;
import io.github.fallbackllm.routing.Route;
import io.github.fallbackllm.routing.UnknownRouteException;
import io.github.fallbackllm.routing.selection.TargetSelector;
import io.github.fallbackllm.state.InMemoryTargetStateStore;
import io.github.fallbackllm.state.TargetStateStore;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Chat calls that survive provider failures: each call walks a route, an ordered chain of
 * groups of providers and models, retrying transient failures, moving on past
 * rate-limited or broken providers, and skipping providers that recently failed. When
 * every target fails the call ends with an {@link AllProvidersFailedException} that lists
 * what each one answered.
 * <p>
 * Without routes there is one, {@value Route#DEFAULT}: every provider's models in order.
 * {@link #route(String)} returns a view of another route that shares states, listeners
 * and observations with this service; a request can name its route too
 * ({@link ChatRequest#route()}).
 * <p>
 * Spring Boot auto-configures one from {@code llm.fallback.*}; without Spring, use
 * {@link #builder()}.
 *
 * @author Fallback LLM contributors
 */
public class FallbackChatService {

	/** Deadline of one call, all attempts included. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

	private final FallbackRouter router;

	public FallbackChatService(FallbackRouter router) {
		this.router = router;
	}

	/**
	 * Send a request and wait for the answer. Must not be called on a reactive
	 * (event-loop) thread; use {@link #chatAsync(ChatRequest)} there.
	 * @param request the request
	 * @return the answer
	 * @throws AllProvidersFailedException if no target answered
	 */
	public ChatResponse chat(ChatRequest request) {
		ChatResponse response = chatAsync(request).block();
		if (response == null) {
			throw new IllegalStateException("Chat call completed without an answer");
		}
		return response;
	}

	/**
	 * Send one user message and wait for the text of the answer.
	 * @param userMessage the message
	 * @return the answer's text
	 * @throws AllProvidersFailedException if no target answered
	 */
	public String chat(String userMessage) {
		return chat(ChatRequest.of(userMessage)).content();
	}

	/**
	 * Send a request without blocking. Cancelling the returned {@link Mono} cancels the
	 * request in flight.
	 * @param request the request
	 * @return the answer, or an {@link AllProvidersFailedException}
	 */
	public Mono<ChatResponse> chatAsync(ChatRequest request) {
		return this.router.chat(checked(request));
	}

	/**
	 * Stream the answer. Until the first chunk is delivered, failures fall back exactly
	 * as {@link #chatAsync(ChatRequest)} does; after it, the stream never switches target
	 * and a failure ends it with a {@link ChatStreamInterruptedException}. Cancelling the
	 * {@link Flux} closes the connection to the provider.
	 * @param request the request
	 * @return text chunks, then one last chunk with the finish reason and usage
	 */
	public Flux<ChatChunk> stream(ChatRequest request) {
		return this.router.stream(checked(request));
	}

	/**
	 * Stream the answer to blocking code: hands each piece of text to {@code onText} on
	 * the calling thread as it arrives, then returns the whole answer, with its tool
	 * calls assembled.
	 * @param request the request
	 * @param onText receives each text delta
	 * @return the complete answer
	 * @throws AllProvidersFailedException if no target answered
	 * @throws ChatStreamInterruptedException if the stream broke after text was delivered
	 */
	public ChatResponse stream(ChatRequest request, Consumer<String> onText) {
		StringBuilder content = new StringBuilder();
		ToolCallAccumulator toolCalls = new ToolCallAccumulator();
		ChatChunk last = null;
		// Closing the stream cancels the call, also when onText throws.
		try (Stream<ChatChunk> chunks = stream(request).toStream()) {
			for (Iterator<ChatChunk> iterator = chunks.iterator(); iterator.hasNext();) {
				ChatChunk chunk = iterator.next();
				if (!chunk.text().isEmpty()) {
					onText.accept(chunk.text());
					content.append(chunk.text());
				}
				toolCalls.add(chunk);
				last = chunk;
			}
		}
		if (last == null || last.finishReason() == null) {
			throw new IllegalStateException("Stream completed without its last chunk");
		}
		return new ChatResponse(content.toString(), toolCalls.toolCalls(), last.provider(), last.model(),
				last.finishReason(), last.usage(), last.attempts());
	}

	private static ChatRequest checked(@Nullable ChatRequest request) {
		if (request == null) {
			throw new InvalidChatRequestException("The chat request must not be null");
		}
		return request;
	}

	/**
	 * Return a view of a named route: a service that serves calls on that route, sharing
	 * states, the deadline, the listeners and the observations with this one.
	 * @param name the route's name
	 * @return the service
	 * @throws UnknownRouteException if no route has that name
	 */
	public FallbackChatService route(String name) {
		FallbackRouter route = this.router.route(name);
		return (route == this.router) ? this : new FallbackChatService(route);
	}

	/**
	 * Return a view of the route whose name or alias matches, such as the model name a
	 * client asked for.
	 * @param modelOrAlias the name or alias
	 * @return the service, or empty when no route matches
	 */
	public Optional<FallbackChatService> routeFor(String modelOrAlias) {
		return this.router.routeFor(modelOrAlias)
			.map((route) -> (route == this.router) ? this : new FallbackChatService(route));
	}

	/**
	 * Return every route: names, aliases and groups of targets, for listings.
	 * @return the routes, the {@value Route#DEFAULT} one first when it exists
	 */
	public List<Route> routes() {
		return this.router.routes();
	}

	/**
	 * Return the route this service serves calls that name none on.
	 * @return the route
	 */
	public Route currentRoute() {
		return this.router.currentRoute();
	}

	/**
	 * Return a service that calls only the targets of this route that serve one model, in
	 * the route's order, sharing their cooldowns, the deadline and the listeners with
	 * this one.
	 * @param model the model, as configured
	 * @return the service, or empty when no target of the route serves that model
	 */
	public Optional<FallbackChatService> forModel(String model) {
		return this.router.restrictedTo(model).map(FallbackChatService::new);
	}

	/**
	 * Return the embedding calls of this service: the same routes, states, deadline,
	 * listeners and observations, served by the routes' embedding targets.
	 * @return the service of embeddings, on this service's route
	 */
	public FallbackEmbeddingService embeddings() {
		return new FallbackEmbeddingService(this.router);
	}

	/**
	 * Return the share of a target's rate-limit budget left this minute, relative to its
	 * tightest limit.
	 * @param target the target, as {@code provider/model}
	 * @return from {@code 0} (spent) to {@code 1} (untouched, or no limit); empty when no
	 * route uses the target
	 */
	public OptionalDouble budgetLeft(String target) {
		return this.router.budgetLeft(target);
	}

	/**
	 * Return what a target has left of its rate limits, declared and learned.
	 * @param target the target, as {@code provider/model}
	 * @return the snapshot; empty when no route uses the target
	 */
	public Optional<BudgetSnapshot> budget(String target) {
		return this.router.budget(target);
	}

	/**
	 * Return what every target of the chain supports beyond text. A request that needs no
	 * more can fall back along the whole chain; one that needs more skips the targets
	 * that lack it. Integrations use this to tell their framework what the chain can
	 * serve.
	 * @return the capabilities common to all targets
	 */
	public Set<Capability> capabilities() {
		return this.router.capabilities();
	}

	/**
	 * Start building a service in code.
	 * @return the builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Builder for a {@link FallbackChatService}: in code, and in Spring Boot's
	 * auto-configuration.
	 */
	public static final class Builder {

		private final List<ProviderPolicies> providers = new ArrayList<>();

		private final List<Route> routes = new ArrayList<>();

		private final List<TargetSelector> selectors = new ArrayList<>();

		private final List<String> secrets = new ArrayList<>();

		private final List<FallbackListener> listeners = new ArrayList<>(List.of(new LoggingFallbackListener()));

		private String defaultRoute = Route.DEFAULT;

		private Duration timeout = DEFAULT_TIMEOUT;

		private TargetStateStore stateStore = new InMemoryTargetStateStore();

		private FailurePolicy failurePolicy = FailurePolicy.STANDARD;

		private FailureAdvice advice = FailureAdvice.BY_NAME;

		private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

		private @Nullable CallObservationConvention callObservationConvention;

		private @Nullable AttemptObservationConvention attemptObservationConvention;

		private boolean attemptObservations = true;

		private @Nullable FallbackObservations observations;

		private Builder() {
		}

		/**
		 * Append a provider to the chain, with default retry, cooldown and timeouts.
		 * @param provider the provider
		 * @return this builder
		 */
		public Builder provider(LlmProvider provider) {
			return provider(ProviderPolicies.of(provider));
		}

		/**
		 * Append a provider to the chain, with its own policies.
		 * @param provider the provider and its policies
		 * @return this builder
		 */
		public Builder provider(ProviderPolicies provider) {
			this.providers.add(provider);
			return this;
		}

		/**
		 * Add a route, whose targets name the providers added to this builder. Without a
		 * route named {@value Route#DEFAULT}, that route is every provider's models in
		 * the order the providers were added.
		 * @param route the route
		 * @return this builder
		 */
		public Builder route(Route route) {
			this.routes.add(route);
			return this;
		}

		/**
		 * Name the route of calls that name none; {@value Route#DEFAULT} unless set.
		 * @param name the route's name
		 * @return this builder
		 */
		public Builder defaultRoute(String name) {
			this.defaultRoute = name;
			return this;
		}

		/**
		 * Add a strategy that groups can name, or replace a built-in one of the same
		 * name.
		 * @param selector the strategy
		 * @return this builder
		 */
		public Builder selector(TargetSelector selector) {
			this.selectors.add(selector);
			return this;
		}

		/**
		 * Set the deadline of one call, all attempts included.
		 * @param timeout the deadline
		 * @return this builder
		 */
		public Builder timeout(Duration timeout) {
			this.timeout = timeout;
			return this;
		}

		/**
		 * Keep target states (cooldowns, failure counts, trial leases) in the given
		 * store: share one with a health indicator, or across instances. In memory, per
		 * service, by default.
		 * @param stateStore the store
		 * @return this builder
		 */
		public Builder stateStore(TargetStateStore stateStore) {
			this.stateStore = stateStore;
			return this;
		}

		/**
		 * Set what each failure means, before the overrides of a route;
		 * {@link FailurePolicy#STANDARD} by default.
		 * @param failurePolicy the policy
		 * @return this builder
		 */
		public Builder failurePolicy(FailurePolicy failurePolicy) {
			this.failurePolicy = failurePolicy;
			return this;
		}

		/**
		 * Add a listener to every step of every call, after the ones added before; one
		 * that logs hops and cooldowns is always first.
		 * @param listener the listener
		 * @return this builder
		 */
		public Builder listener(FallbackListener listener) {
			this.listeners.add(listener);
			return this;
		}

		/**
		 * Set how errors name what a user must change; by default they name providers and
		 * models.
		 * @param advice the advice
		 * @return this builder
		 */
		public Builder advice(FailureAdvice advice) {
			this.advice = advice;
			return this;
		}

		/**
		 * Observe every call ({@code llm.fallback.call}) and, nested in it, every attempt
		 * ({@code gen_ai.client.operation}), each attempt the parent of its provider's
		 * HTTP exchange. {@link ObservationRegistry#NOOP} by default: nothing is
		 * observed.
		 * @param observationRegistry the registry
		 * @return this builder
		 */
		public Builder observationRegistry(ObservationRegistry observationRegistry) {
			this.observationRegistry = observationRegistry;
			return this;
		}

		/**
		 * Replace the names and keys of the observation of calls.
		 * @param convention the convention
		 * @return this builder
		 */
		public Builder observationConvention(CallObservationConvention convention) {
			this.callObservationConvention = convention;
			return this;
		}

		/**
		 * Replace the names and keys of the observation of attempts.
		 * @param convention the convention
		 * @return this builder
		 */
		public Builder observationConvention(AttemptObservationConvention convention) {
			this.attemptObservationConvention = convention;
			return this;
		}

		/**
		 * Set whether each attempt is observed, not only each call; {@code true} by
		 * default.
		 * @param attemptObservations whether to observe attempts
		 * @return this builder
		 */
		public Builder attemptObservations(boolean attemptObservations) {
			this.attemptObservations = attemptObservations;
			return this;
		}

		/**
		 * Observe calls and attempts with observations made elsewhere, such as a Spring
		 * bean, instead of the registry, conventions and attempt setting of this builder.
		 * @param observations the observations
		 * @return this builder
		 */
		public Builder observations(FallbackObservations observations) {
			this.observations = observations;
			return this;
		}

		/**
		 * Name values that must never appear in errors or logs, such as API keys of
		 * providers defined in code.
		 * @param secrets the values
		 * @return this builder
		 */
		public Builder secrets(Collection<String> secrets) {
			this.secrets.addAll(secrets);
			return this;
		}

		/**
		 * Build the service.
		 * @return the service
		 * @throws IllegalArgumentException if a route names a provider, model or strategy
		 * that does not exist, or two routes claim one name
		 * @throws io.github.fallbackllm.embedding.MixedEmbeddingSpacesException if a
		 * route's embedding targets span more than one embedding space and the route does
		 * not allow it
		 * @throws UnknownRouteException if the default route does not exist
		 */
		public FallbackChatService build() {
			FallbackObservations observations = (this.observations != null) ? this.observations
					: new FallbackObservations(this.observationRegistry, this.callObservationConvention,
							this.attemptObservationConvention, this.attemptObservations);
			return new FallbackChatService(new FallbackRouter(this.providers, this.routes, this.defaultRoute,
					this.selectors, this.timeout, this.stateStore, this.failurePolicy, SecretRedactor.of(this.secrets),
					this.advice, CompositeFallbackListener.of(this.listeners), observations));
		}

	}

}
