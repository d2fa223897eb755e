package io.github.fallbackllm.observation;

import java.util.function.Function;

import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.ChatChunk;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.chat.ChatStreamInterruptedException;
import io.github.fallbackllm.chat.FallbackChatException;
import io.github.fallbackllm.embedding.EmbeddingResponse;
import io.github.fallbackllm.provider.LlmProvider;
import io.github.fallbackllm.provider.ProviderException;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.observability.DefaultSignalListener;
import reactor.core.observability.SignalListener;
import reactor.core.observability.SignalListenerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.SignalType;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * Observes the calls and attempts of a router. Each observation travels in the Reactor
 * context under {@link ObservationThreadLocalAccessor#KEY}, where the next one down finds
 * its parent: a call nests under the caller's observation (an HTTP server request), an
 * attempt under its call, and the provider's {@code WebClient} exchange under its
 * attempt. With the no-op registry, the default, nothing is wrapped.
 *
 * @author Fallback LLM contributors
 */
public final class FallbackObservations {

	/** Observes nothing. */
	public static final FallbackObservations NOOP = new FallbackObservations(ObservationRegistry.NOOP, null, null,
			false);

	private static final CallObservationConvention DEFAULT_CALL_CONVENTION = new DefaultCallObservationConvention();

	private static final AttemptObservationConvention DEFAULT_ATTEMPT_CONVENTION = new DefaultAttemptObservationConvention();

	private static final String CHAT = "chat";

	/** Where an attempt finds its call's context, to tell it who answered. */
	private static final Object CALL_CONTEXT = CallObservationContext.class;

	private final ObservationRegistry registry;

	private final @Nullable CallObservationConvention callConvention;

	private final @Nullable AttemptObservationConvention attemptConvention;

	private final boolean observeAttempts;

	/**
	 * Create the observations of a router.
	 * @param registry the registry
	 * @param callConvention replaces the default convention of calls, if not {@code null}
	 * @param attemptConvention replaces the default convention of attempts, if not
	 * {@code null}
	 * @param observeAttempts whether to observe each attempt, not only each call
	 */
	public FallbackObservations(ObservationRegistry registry, @Nullable CallObservationConvention callConvention,
			@Nullable AttemptObservationConvention attemptConvention, boolean observeAttempts) {
		this.registry = registry;
		this.callConvention = callConvention;
		this.attemptConvention = attemptConvention;
		this.observeAttempts = observeAttempts;
	}

	/**
	 * Observe a call from its subscription to its end.
	 * @param <T> complete answers or stream chunks
	 * @param request the request
	 * @param streaming whether the call is a stream
	 * @param route the name of the route that serves the call
	 * @param call the call
	 * @return the observed call
	 */
	public <T> Flux<T> call(ChatRequest request, boolean streaming, String route, Flux<T> call) {
		return call(CHAT, request, streaming, route, call);
	}

	/**
	 * Observe a call of any operation from its subscription to its end.
	 * @param <T> complete answers or stream chunks
	 * @param operation the operation, such as {@code chat} or {@code embeddings}
	 * @param request the chat request, or {@code null} for another operation
	 * @param streaming whether the call is a stream
	 * @param route the name of the route that serves the call
	 * @param call the call
	 * @return the observed call
	 */
	public <T> Flux<T> call(String operation, @Nullable ChatRequest request, boolean streaming, String route,
			Flux<T> call) {
		if (this.registry.isNoop()) {
			return call;
		}
		// One operator for the whole observation: a chain of doOn… operators would cost a
		// subscriber and a hop per signal each.
		return call.tap(new Listeners<>(
				(reactorContext) -> new CallListener<>(operation, request, streaming, route, reactorContext)));
	}

	/**
	 * Observe one attempt on a target, from its subscription to its end.
	 * @param <T> complete answers or stream chunks
	 * @param provider the provider
	 * @param model the model asked for
	 * @param request the request
	 * @param streaming whether the call is a stream
	 * @param attempt the attempt
	 * @return the observed attempt
	 */
	public <T> Flux<T> attempt(LlmProvider provider, String model, ChatRequest request, boolean streaming,
			Flux<T> attempt) {
		return attempt(CHAT, provider, model, request, streaming, attempt);
	}

	/**
	 * Observe one attempt of any operation on a target, from its subscription to its end.
	 * @param <T> complete answers or stream chunks
	 * @param operation the operation, such as {@code chat} or {@code embeddings}
	 * @param provider the provider
	 * @param model the model asked for
	 * @param request the chat request, or {@code null} for another operation
	 * @param streaming whether the call is a stream
	 * @param attempt the attempt
	 * @return the observed attempt
	 */
	public <T> Flux<T> attempt(String operation, LlmProvider provider, String model, @Nullable ChatRequest request,
			boolean streaming, Flux<T> attempt) {
		if (this.registry.isNoop()) {
			return attempt;
		}
		return attempt.tap(new Listeners<>((reactorContext) -> new AttemptListener<>(operation, provider, model,
				request, streaming, reactorContext.getOrDefault(CALL_CONTEXT, null), reactorContext)));
	}

	private static Observation start(Observation observation, ContextView reactorContext) {
		Observation parent = reactorContext.getOrDefault(ObservationThreadLocalAccessor.KEY, null);
		if (parent != null) {
			observation.parentObservation(parent);
		}
		return observation.start();
	}

	private static void delivered(CallObservationContext context, Object item) {
		if (context.getOutcome() != CallOutcome.SERVED) {
			context.setOutcome(CallOutcome.SERVED);
			if (item instanceof ChatResponse response) {
				context.setAttempts(response.attempts());
			}
			else if (item instanceof ChatChunk chunk) {
				context.setAttempts(chunk.attempts());
			}
			else if (item instanceof EmbeddingResponse response) {
				context.setAttempts(response.attempts());
			}
		}
		if (item instanceof ChatResponse response) {
			context.setResponseModel(response.model());
			context.setUsage(response.usage());
		}
		else if (item instanceof ChatChunk chunk && chunk.isLast()) {
			context.setResponseModel(chunk.model());
			context.setUsage(chunk.usage());
		}
		else if (item instanceof EmbeddingResponse response) {
			context.setResponseModel(response.model());
			context.setUsage(response.usage());
		}
	}

	private static void answered(AttemptObservationContext context, Object item) {
		if (item instanceof ChatResponse response) {
			context.setResponseModel(response.model());
			context.setUsage(response.usage());
		}
		else if (item instanceof ChatChunk chunk && (context.getResponseModel() == null || chunk.isLast())) {
			context.setResponseModel(chunk.model());
			context.setUsage(chunk.usage());
		}
		else if (item instanceof EmbeddingResponse response) {
			context.setResponseModel(response.model());
			context.setUsage(response.usage());
		}
	}

	private static AttemptOutcome outcomeOf(Throwable failure) {
		if (failure instanceof ProviderException classified) {
			return classified.getOutcome();
		}
		if (failure instanceof ChatStreamInterruptedException interrupted) {
			return interrupted.getFailure();
		}
		// As the router reads any failure it cannot classify.
		return AttemptOutcome.SERVER_ERROR;
	}

	/**
	 * Creates the listener of each subscription, which starts its observation.
	 */
	private record Listeners<T>(
			Function<ContextView, SignalListener<T>> listener) implements SignalListenerFactory<T, Void> {

		@Override
		public @Nullable Void initializePublisherState(Publisher<? extends T> source) {
			return null;
		}

		@Override
		public SignalListener<T> createListener(Publisher<? extends T> source, ContextView listenerContext,
				@Nullable Void publisherContext) {
			return this.listener.apply(listenerContext);
		}

	}

	/**
	 * Observes one call, and passes its observation and context on to its attempts.
	 */
	private final class CallListener<T> extends DefaultSignalListener<T> {

		private final CallObservationContext context;

		private final Observation observation;

		CallListener(String operation, @Nullable ChatRequest request, boolean streaming, String route,
				ContextView reactorContext) {
			this.context = new CallObservationContext(operation, request, streaming, route);
			this.observation = start(
					FallbackObservationDocumentation.CALL.observation(FallbackObservations.this.callConvention,
							DEFAULT_CALL_CONVENTION, () -> this.context, FallbackObservations.this.registry),
					reactorContext);
		}

		@Override
		public void doOnNext(T item) {
			delivered(this.context, item);
		}

		@Override
		public void doOnComplete() {
			this.context.setOutcome(CallOutcome.SERVED);
		}

		@Override
		public void doOnError(Throwable failure) {
			this.context.setOutcome((this.context.getOutcome() == CallOutcome.SERVED) ? CallOutcome.INTERRUPTED
					: CallOutcome.ALL_FAILED);
			if (failure instanceof FallbackChatException chatFailure) {
				this.context.setAttempts(chatFailure.getAttempts());
			}
			this.observation.error(failure);
		}

		@Override
		public void doFinally(SignalType terminationType) {
			this.observation.stop();
		}

		@Override
		public Context addToContext(Context originalContext) {
			return originalContext.put(ObservationThreadLocalAccessor.KEY, this.observation)
				.put(CALL_CONTEXT, this.context);
		}

	}

	/**
	 * Observes one attempt, unless attempts are not observed, and tells its call who
	 * answered.
	 */
	private final class AttemptListener<T> extends DefaultSignalListener<T> {

		private final LlmProvider provider;

		private final String model;

		private final @Nullable CallObservationContext call;

		private final @Nullable AttemptObservationContext context;

		private final @Nullable Observation observation;

		private boolean answered;

		AttemptListener(String operation, LlmProvider provider, String model, @Nullable ChatRequest request,
				boolean streaming, @Nullable CallObservationContext call, ContextView reactorContext) {
			this.provider = provider;
			this.model = model;
			this.call = call;
			if (FallbackObservations.this.observeAttempts) {
				AttemptObservationContext context = new AttemptObservationContext(operation, provider, model, request,
						streaming);
				this.context = context;
				this.observation = start(FallbackObservationDocumentation.ATTEMPT.observation(
						FallbackObservations.this.attemptConvention, DEFAULT_ATTEMPT_CONVENTION, () -> context,
						FallbackObservations.this.registry), reactorContext);
			}
			else {
				this.context = null;
				this.observation = null;
			}
		}

		@Override
		public void doOnNext(T item) {
			if (!this.answered) {
				this.answered = true;
				if (this.context != null) {
					this.context.setOutcome(AttemptOutcome.SUCCEEDED);
				}
				if (this.call != null) {
					this.call.setAnsweredBy(this.provider, this.model);
				}
			}
			if (this.context != null) {
				answered(this.context, item);
			}
		}

		@Override
		public void doOnError(Throwable failure) {
			if (this.context != null && this.observation != null) {
				this.context.setOutcome(outcomeOf(failure));
				this.observation.error(failure);
			}
		}

		@Override
		public void doOnCancel() {
			if (this.context != null) {
				this.context.setCancelled(this.context.getOutcome() == null);
			}
		}

		@Override
		public void doFinally(SignalType terminationType) {
			if (this.observation != null) {
				this.observation.stop();
			}
		}

		@Override
		public Context addToContext(Context originalContext) {
			return (this.observation != null)
					? originalContext.put(ObservationThreadLocalAccessor.KEY, this.observation) : originalContext;
		}

	}

}
