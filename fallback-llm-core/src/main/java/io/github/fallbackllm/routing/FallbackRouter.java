package io.github.fallbackllm.routing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.ToIntFunction;

import io.github.fallbackllm.chat.AllProvidersFailedException;
import io.github.fallbackllm.chat.Attempt;
import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.Capability;
import io.github.fallbackllm.chat.ChatChunk;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.chat.ChatStreamInterruptedException;
import io.github.fallbackllm.chat.Durations;
import io.github.fallbackllm.chat.FallbackChatException;
import io.github.fallbackllm.event.FallbackListener;
import io.github.fallbackllm.event.FallbackListener.AttemptFinished;
import io.github.fallbackllm.event.FallbackListener.AttemptStarted;
import io.github.fallbackllm.event.FallbackListener.CallFailed;
import io.github.fallbackllm.event.FallbackListener.CallSucceeded;
import io.github.fallbackllm.event.FallbackListener.CooldownEnded;
import io.github.fallbackllm.event.FallbackListener.CooldownStarted;
import io.github.fallbackllm.event.FallbackListener.FallingBack;
import io.github.fallbackllm.event.FallbackListener.RetryScheduled;
import io.github.fallbackllm.event.FallbackListener.TargetSkipped;
import io.github.fallbackllm.observation.FallbackObservations;
import io.github.fallbackllm.policy.FailureAdvice;
import io.github.fallbackllm.policy.FailureDecision;
import io.github.fallbackllm.policy.FailureDecision.Retry;
import io.github.fallbackllm.policy.FailureDecision.Scope;
import io.github.fallbackllm.policy.FailurePolicy;
import io.github.fallbackllm.provider.ProviderException;
import io.github.fallbackllm.provider.SecretRedactor;
import io.github.fallbackllm.routing.Target.Ticket;
import io.github.fallbackllm.state.Cooldown;
import io.github.fallbackllm.state.CoolingChange;
import io.github.fallbackllm.state.Failure;
import io.github.fallbackllm.state.TargetState;
import io.github.fallbackllm.state.TargetStateStore;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.retry.RetryPolicy;
import org.springframework.util.backoff.BackOffExecution;

/**
 * Walks the chain of targets for one call at a time. What each failure means (retry, move
 * on, cool down) is the {@link FailurePolicy}'s; this class applies it:
 * <ul>
 * <li>a target that is cooling down, or lacks what the request needs, is skipped without
 * a network call; if every target is cooling, the one back soonest gets a single attempt,
 * one call at a time when the provider asked for the cooldown;</li>
 * <li>retries are driven by a Spring Framework {@link RetryPolicy} and the provider's
 * {@code Retry-After}, each within the call's deadline;</li>
 * <li>a stream switches target only until its first chunk has been delivered.</li>
 * </ul>
 * The call's deadline bounds all of it, and cancelling the call cancels the request in
 * flight.
 *
 * @author Fallback LLM contributors
 */
public final class FallbackRouter {

	private static final FailurePolicy policy = FailurePolicy.STANDARD;

	private final Chain chain;

	private final Duration timeout;

	private final TargetStateStore states;

	private final SecretRedactor redactor;

	private final FailureAdvice advice;

	private final @Nullable FallbackListener listener;

	private final LongSupplier nanoTime;

	private final FallbackObservations observations;

	/**
	 * Create a router.
	 * @param routes the providers, in fallback order
	 * @param timeout the deadline of one call, all attempts included; for a stream, the
	 * deadline of its first chunk
	 * @param states where target states live
	 * @param redactor removes secrets from what providers say
	 * @param advice how users refer to what they must change
	 * @param listener hears each step of every call, or {@code null}
	 * @param observations observes calls and attempts
	 */
	public FallbackRouter(List<Route> routes, Duration timeout, TargetStateStore states, SecretRedactor redactor,
			FailureAdvice advice, @Nullable FallbackListener listener, FallbackObservations observations) {
		this(routes, timeout, states, redactor, advice, listener, observations, System::nanoTime);
	}

	/** With the time source of deadlines, so that tests can run on virtual time. */
	FallbackRouter(List<Route> routes, Duration timeout, TargetStateStore states, SecretRedactor redactor,
			FailureAdvice advice, @Nullable FallbackListener listener, FallbackObservations observations,
			LongSupplier nanoTime) {
		this.chain = new Chain(routes, states, (failure) -> failure instanceof ProviderException classified
				&& policy.decide(classified.getOutcome()).retry() != Retry.NEVER);
		this.timeout = timeout;
		this.states = states;
		this.redactor = redactor;
		this.advice = advice;
		this.listener = listener;
		this.nanoTime = nanoTime;
		this.observations = observations;
	}

	private FallbackRouter(FallbackRouter router, Chain chain) {
		this.chain = chain;
		this.timeout = router.timeout;
		this.states = router.states;
		this.redactor = router.redactor;
		this.advice = router.advice;
		this.listener = router.listener;
		this.nanoTime = router.nanoTime;
		this.observations = router.observations;
	}

	/**
	 * Return a router over the targets of one model only, in chain order, that shares
	 * their states, the deadline, the listener and the observations with this one.
	 * @param model the model, as configured
	 * @return the router, or empty when no target serves that model
	 */
	public Optional<FallbackRouter> restrictedTo(String model) {
		return this.chain.restrictedTo(model).map((targets) -> new FallbackRouter(this, targets));
	}

	/**
	 * Return what every target of the chain supports beyond text.
	 * @return the capabilities common to all targets
	 */
	public Set<Capability> capabilities() {
		return this.chain.capabilities();
	}

	/**
	 * Ask the chain for a complete answer.
	 * @param request the request
	 * @return the answer of the first target that gave one
	 */
	public Mono<ChatResponse> chat(ChatRequest request) {
		return route(request,
				new Exchange<>(request, false, (target) -> target.provider().chat(target.model(), request).flux(),
						ChatResponse::withAttempts, (response) -> response.content().length()))
			.next();
	}

	/**
	 * Ask the chain for a streamed answer.
	 * @param request the request
	 * @return the chunks of the first target that delivered one
	 */
	public Flux<ChatChunk> stream(ChatRequest request) {
		return route(request,
				new Exchange<>(request, true, (target) -> target.provider().stream(target.model(), request),
						ChatChunk::withAttempts, (chunk) -> chunk.text().length()));
	}

	/**
	 * The deadline needs no timer of its own: every wait of a call is bounded by the time
	 * it has left, attempts and retry delays alike, and a call out of time stops.
	 */
	private <T> Flux<T> route(ChatRequest request, Exchange<T> exchange) {
		return this.observations.call(request, exchange.streaming(), Flux.defer(() -> {
			Set<Capability> required = request.requiredCapabilities();
			Call call = new Call(this.chain.forcedTarget(required, now()), required, this.timeout, this.nanoTime);
			Flux<T> items = tryFrom(0, call, exchange);
			return (this.listener != null)
					? items.doOnError(FallbackChatException.class,
							(failure) -> this.listener.onCallFailed(new CallFailed(failure, exchange.streaming())))
					: items;
		}));
	}

	private <T> Flux<T> tryFrom(int first, Call call, Exchange<T> exchange) {
		if (call.isOverdue()) {
			return Flux.error(exhausted("Deadline of " + Durations.format(this.timeout) + " reached", call));
		}
		for (int index = first; index < this.chain.size(); index++) {
			Target target = this.chain.get(index);
			if (!target.supports(call.required())) {
				skip(call, target.unsupported(call.required()));
				continue;
			}
			Ticket ticket = call.isForced(target) ? target.admitDespiteCooldown(now()) : target.admit(now());
			if (ticket.admitted()) {
				Flux<T> attempt = attempt(new Attempting(target, ticket, index + 1, new Retries(target)), call,
						exchange);
				return (ticket == Ticket.OPEN) ? attempt
						: attempt.doOnComplete(() -> target.release(ticket)).doOnCancel(() -> target.release(ticket));
			}
			skip(call, target.skipped(ticket.refusal(), now()));
		}
		return Flux.error(allFailed(call));
	}

	/**
	 * Try a target; on failure, try it again for as long as the retry rules allow, then
	 * move on to the next target. One {@code onErrorResume} does both: it costs nothing
	 * until a try fails, which on the success path is never.
	 */
	private <T> Flux<T> attempt(Attempting attempting, Call call, Exchange<T> exchange) {
		Target target = attempting.target();
		Flux<T> once = Flux.defer(() -> {
			long start = this.nanoTime.getAsLong();
			if (this.listener != null) {
				this.listener.onAttemptStarted(
						new AttemptStarted(target.provider().name(), target.model(), exchange.streaming()));
			}
			Flux<T> items = AttemptLimits
				.bound(call(target, exchange), exchange.streaming(), target.route().timeouts(), call, this.timeout)
				.doOnNext((item) -> delivered(target, start, call, exchange, item));
			if (exchange.streaming()) {
				// A stream that breaks after its first chunk is still a failure of the
				// target.
				items = items.doOnComplete(() -> succeeded(target));
			}
			return items.onErrorMap((failure) -> failed(target, start, call, exchange, failure));
		});
		// One observation per try, the parent of the provider's HTTP exchange.
		return this.observations
			.attempt(target.provider(), target.model(), exchange.request(), exchange.streaming(), once)
			.map((item) -> exchange.withAttempts().apply(item, call.committedAttempts()))
			.onErrorResume((failure) -> {
				Duration wait = retryDelay(target, attempting.retries(), call, failure);
				if (wait != null) {
					if (this.listener != null) {
						this.listener.onRetryScheduled(new RetryScheduled(call.lastAttempt(), wait));
					}
					return Mono.delay(wait).thenMany(attempt(attempting, call, exchange));
				}
				// Before the failure moves on: the same call's next target may need the
				// lease.
				target.release(attempting.ticket());
				if (!(failure instanceof ProviderException) || call.isCommitted()) {
					return Flux.error(failure);
				}
				if (this.listener != null) {
					this.listener
						.onFallingBack(new FallingBack(call.lastAttempt(), attempting.next() < this.chain.size()));
				}
				return tryFrom(attempting.next(), call, exchange);
			});
	}

	/**
	 * A provider that throws rather than signalling an error fails its target all the
	 * same.
	 */
	private static <T> Flux<T> call(Target target, Exchange<T> exchange) {
		try {
			return exchange.call().apply(target);
		}
		catch (RuntimeException ex) {
			return Flux.error(ex);
		}
	}

	private <T> void delivered(Target target, long start, Call call, Exchange<T> exchange, T item) {
		if (!call.isCommitted()) {
			if (exchange.streaming()) {
				answered(target);
			}
			else {
				succeeded(target);
			}
			Attempt attempt = new Attempt(target.provider().name(), target.model(), AttemptOutcome.SUCCEEDED, null,
					null, "", null, since(start), null);
			call.record(attempt);
			call.commit();
			if (this.listener != null) {
				this.listener.onAttemptFinished(new AttemptFinished(attempt, exchange.streaming()));
				this.listener.onCallSucceeded(new CallSucceeded(target.provider().name(), target.model(),
						call.committedAttempts(), call.isFallback(attempt), exchange.streaming()));
			}
		}
		call.delivered(exchange.characters().applyAsInt(item));
	}

	/** The target answered: whatever cooled it down is over. */
	private void answered(Target target) {
		if (target.providerState().answered() && this.listener != null) {
			this.listener.onCooldownEnded(new CooldownEnded(target.provider().name(), null));
		}
		if (target.state().answered() && this.listener != null) {
			this.listener.onCooldownEnded(new CooldownEnded(target.provider().name(), target.model()));
		}
	}

	/** The target delivered a whole answer: its failures are no longer consecutive. */
	private void succeeded(Target target) {
		answered(target);
		target.providerState().succeeded();
		target.state().succeeded();
	}

	private <T> Throwable failed(Target target, long start, Call call, Exchange<T> exchange, Throwable failure) {
		ProviderException classified = ProviderException.from(failure, this.redactor);
		String detail = this.redactor.redact(classified.getDetail());
		AttemptOutcome outcome = classified.getOutcome();
		Attempt attempt = new Attempt(target.provider().name(), target.model(), outcome, classified.getHttpStatus(),
				classified.getErrorCode(), detail, action(target, outcome), since(start),
				recordFailure(target, classified, detail));
		call.failedWith(classified);
		if (call.isCommitted()) {
			call.replaceLast(attempt);
			return new ChatStreamInterruptedException(target.name(), outcome, detail, call.chunks(), call.characters(),
					call.attempts(), classified);
		}
		call.record(attempt);
		if (this.listener != null) {
			this.listener.onAttemptFinished(new AttemptFinished(attempt, exchange.streaming()));
		}
		return classified;
	}

	/**
	 * Update the target's state after a failure, as the policy decides.
	 * @return the cooldown the failure started or extended, if any
	 */
	private @Nullable Duration recordFailure(Target target, ProviderException failure, String detail) {
		FailureDecision decision = policy.decide(failure.getOutcome());
		if (!decision.counts()) {
			return null;
		}
		CooldownSettings settings = target.route().cooldown();
		Duration retryAfter = failure.getRetryAfter();
		Duration length = switch (decision.length()) {
			case LONG -> settings.longDuration();
			case RETRY_AFTER -> min((retryAfter != null) ? retryAfter : settings.duration(), settings.longDuration());
			case NONE -> Duration.ZERO;
		};
		Instant now = now();
		Failure seen = new Failure(now, failure.getOutcome(), failure.getHttpStatus(), detail);
		Cooldown cooldown = new Cooldown(now.plus(length), seen.outcome(), seen.describe());
		boolean wholeProvider = decision.cools() == Scope.PROVIDER;
		TargetState state = wholeProvider ? target.providerState() : target.state();
		CoolingChange change = state.failed(seen, cooldown,
				decision.afterThreshold() ? settings.failureThreshold() : 1);
		if (change == CoolingChange.STARTED && this.listener != null) {
			this.listener.onCooldownStarted(new CooldownStarted(target.provider().name(),
					wholeProvider ? null : target.model(), cooldown, length, action(target, failure.getOutcome())));
		}
		return change.cooled() ? length : null;
	}

	/**
	 * Return how long to wait before trying the target again, or {@code null} to let the
	 * failure move on.
	 */
	private @Nullable Duration retryDelay(Target target, Retries retries, Call call, Throwable failure) {
		if (!(failure instanceof ProviderException classified) || call.isCommitted() || call.isForced(target)) {
			return null;
		}
		return waitBeforeRetry(target, retries, call, classified);
	}

	/**
	 * Return how long to wait before retrying the same target, or {@code null} to move
	 * on.
	 */
	private @Nullable Duration waitBeforeRetry(Target target, Retries retries, Call call, ProviderException failure) {
		FailureDecision decision = policy.decide(failure.getOutcome());
		if (decision.retry() == Retry.NEVER) {
			return null;
		}
		Instant now = now();
		// Never sleep on a rate-limited target, nor spend a second response timeout on a
		// silent one, while another target can answer.
		if (decision.leaveWhileOthersServe() && this.chain.hasUsableTargetAfter(target, call.required(), now)) {
			return null;
		}
		if (decision.retry() == Retry.BACKOFF && target.state().isCoolingDown(now)) {
			return null;
		}
		long backOffMillis = retries.backOff().nextBackOff();
		if (backOffMillis == BackOffExecution.STOP) {
			return null;
		}
		Duration wait = Duration.ofMillis(backOffMillis);
		Duration retryAfter = failure.getRetryAfter();
		if (retryAfter != null && (decision.retry() == Retry.RETRY_AFTER || retryAfter.compareTo(wait) > 0)) {
			wait = retryAfter;
		}
		boolean worthWaiting = wait.compareTo(target.route().retry().maxRetryAfter()) <= 0
				&& wait.compareTo(call.remaining()) < 0;
		return worthWaiting ? wait : null;
	}

	private void skip(Call call, Attempt attempt) {
		call.record(attempt);
		if (this.listener != null) {
			this.listener.onTargetSkipped(new TargetSkipped(attempt));
		}
	}

	private @Nullable String action(Target target, AttemptOutcome outcome) {
		return policy.action(outcome, target.provider().name(), target.modelIndex(), target.model(), this.advice);
	}

	private AllProvidersFailedException allFailed(Call call) {
		String headline = (this.chain.size() == 0)
				? "No LLM target is configured: the chain has no provider with models" : (this.chain.size() == 1)
						? "The only LLM target failed" : "All " + this.chain.size() + " LLM targets failed";
		return exhausted(headline, call);
	}

	private AllProvidersFailedException exhausted(String headline, Call call) {
		List<Attempt> attempts = call.attempts();
		return new AllProvidersFailedException(
				headline + " (" + attempts.size() + ((attempts.size() == 1) ? " attempt" : " attempts") + " in "
						+ Durations.format(call.elapsed()) + ")",
				attempts, this.chain.soonestRecovery(call.required(), now()), call.lastFailure());
	}

	private Instant now() {
		return this.states.clock().instant();
	}

	private Duration since(long startNanos) {
		return Duration.ofNanos(this.nanoTime.getAsLong() - startNanos);
	}

	private static Duration min(Duration first, Duration second) {
		return (first.compareTo(second) <= 0) ? first : second;
	}

	/**
	 * One attempt of a call on a target, across its retries.
	 *
	 * @param target the target
	 * @param ticket its admission, released when the attempt ends
	 * @param next the index of the target to move on to
	 * @param retries the retry state
	 */
	private record Attempting(Target target, Ticket ticket, int next, Retries retries) {
	}

	/**
	 * The retry state of one attempt: the backoff starts at the first failure.
	 */
	private static final class Retries {

		private final Target target;

		private @Nullable BackOffExecution backOff;

		Retries(Target target) {
			this.target = target;
		}

		BackOffExecution backOff() {
			BackOffExecution execution = this.backOff;
			if (execution == null) {
				execution = this.target.retryPolicy().getBackOff().start();
				this.backOff = execution;
			}
			return execution;
		}

	}

	/**
	 * How one kind of call talks to a target.
	 *
	 * @param request the request
	 * @param streaming whether items are stream chunks (first-token and idle timeouts)
	 * rather than one complete answer (response timeout)
	 * @param call starts the exchange with a target
	 * @param withAttempts attaches the call's attempts to an item
	 * @param characters counts the text of an item
	 */
	private record Exchange<T>(ChatRequest request, boolean streaming, Function<Target, Flux<T>> call,
			BiFunction<T, List<Attempt>, T> withAttempts, ToIntFunction<T> characters) {
	}

}
