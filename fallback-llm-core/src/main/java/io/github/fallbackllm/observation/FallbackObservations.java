package io.github.fallbackllm.observation;

import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.ChatChunk;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.chat.ChatStreamInterruptedException;
import io.github.fallbackllm.chat.FallbackChatException;
import io.github.fallbackllm.provider.LlmProvider;
import io.github.fallbackllm.provider.ProviderException;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
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
		if (this.registry.isNoop()) {
			return call;
		}
		return Flux.deferContextual((reactorContext) -> {
			CallObservationContext context = new CallObservationContext(request, streaming, route);
			Observation observation = start(FallbackObservationDocumentation.CALL.observation(this.callConvention,
					DEFAULT_CALL_CONVENTION, () -> context, this.registry), reactorContext);
			return call.doOnNext((item) -> delivered(context, item))
				.doOnComplete(() -> context.setOutcome(CallOutcome.SERVED))
				.doOnError((failure) -> {
					context.setOutcome((context.getOutcome() == CallOutcome.SERVED) ? CallOutcome.INTERRUPTED
							: CallOutcome.ALL_FAILED);
					if (failure instanceof FallbackChatException chatFailure) {
						context.setAttempts(chatFailure.getAttempts());
					}
					observation.error(failure);
				})
				.doFinally((signal) -> observation.stop())
				.contextWrite((written) -> written.put(ObservationThreadLocalAccessor.KEY, observation)
					.put(CALL_CONTEXT, context));
		});
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
		if (this.registry.isNoop()) {
			return attempt;
		}
		return Flux.deferContextual((reactorContext) -> {
			CallObservationContext call = reactorContext.getOrDefault(CALL_CONTEXT, null);
			if (!this.observeAttempts) {
				return (call != null) ? attempt.doOnNext((item) -> call.setAnsweredBy(provider, model)) : attempt;
			}
			AttemptObservationContext context = new AttemptObservationContext(provider, model, request, streaming);
			Observation observation = start(FallbackObservationDocumentation.ATTEMPT.observation(this.attemptConvention,
					DEFAULT_ATTEMPT_CONVENTION, () -> context, this.registry), reactorContext);
			return attempt.doOnNext((item) -> {
				if (context.getOutcome() == null) {
					context.setOutcome(AttemptOutcome.SUCCEEDED);
					if (call != null) {
						call.setAnsweredBy(provider, model);
					}
				}
				answered(context, item);
			}).doOnError((failure) -> {
				context.setOutcome(outcomeOf(failure));
				observation.error(failure);
			})
				.doOnCancel(() -> context.setCancelled(context.getOutcome() == null))
				.doFinally((signal) -> observation.stop())
				.contextWrite((written) -> written.put(ObservationThreadLocalAccessor.KEY, observation));
		});
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
		}
		if (item instanceof ChatResponse response) {
			context.setResponseModel(response.model());
			context.setUsage(response.usage());
		}
		else if (item instanceof ChatChunk chunk && chunk.isLast()) {
			context.setResponseModel(chunk.model());
			context.setUsage(chunk.usage());
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

}
