package io.github.fallbackllm.routing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
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
import io.github.fallbackllm.policy.FailureAdvice;
import io.github.fallbackllm.policy.FailureDecision;
import io.github.fallbackllm.policy.FailureDecision.Retry;
import io.github.fallbackllm.policy.FailureDecision.Scope;
import io.github.fallbackllm.policy.FailurePolicy;
import io.github.fallbackllm.provider.ProviderException;
import io.github.fallbackllm.provider.SecretRedactor;
import io.github.fallbackllm.routing.Target.Ticket;
import io.github.fallbackllm.state.Admission;
import io.github.fallbackllm.state.Cooldown;
import io.github.fallbackllm.state.CoolingChange;
import io.github.fallbackllm.state.Failure;
import io.github.fallbackllm.state.TargetState;
import io.github.fallbackllm.state.TargetStateStore;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry.RetrySignal;

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

	private final List<Target> targets;

	private final Duration timeout;

	private final TargetStateStore states;

	private final SecretRedactor redactor;

	private final FailureAdvice advice;

	private final @Nullable FallbackListener listener;

	private final LongSupplier nanoTime;

	/**
	 * Create a router.
	 * @param routes the providers, in fallback order
	 * @param timeout the deadline of one call, all attempts included; for a stream, the
	 * deadline of its first chunk
	 * @param states where target states live
	 * @param redactor removes secrets from what providers say
	 * @param advice how users refer to what they must change
	 * @param listener hears each step of every call, or {@code null}
	 */
	public FallbackRouter(List<Route> routes, Duration timeout, TargetStateStore states, SecretRedactor redactor,
			FailureAdvice advice, @Nullable FallbackListener listener) {
		this(routes, timeout, states, redactor, advice, listener, System::nanoTime);
	}

	/** With the time source of deadlines, so that tests can run on virtual time. */
	FallbackRouter(List<Route> routes, Duration timeout, TargetStateStore states, SecretRedactor redactor,
			FailureAdvice advice, @Nullable FallbackListener listener, LongSupplier nanoTime) {
		List<Target> targets = new ArrayList<>();
		for (Route route : routes) {
			RetryPolicy retryPolicy = route.retry()
				.toRetryPolicy((failure) -> failure instanceof ProviderException classified
						&& policy.decide(classified.getOutcome()).retry() != Retry.NEVER);
			String provider = route.provider().name();
			TargetState providerState = states.provider(provider);
			List<String> models = route.provider().models();
			for (int i = 0; i < models.size(); i++) {
				targets.add(new Target(targets.size(), route, models.get(i), i, states.target(provider, models.get(i)),
						providerState, retryPolicy));
			}
		}
		this.targets = List.copyOf(targets);
		this.timeout = timeout;
		this.states = states;
		this.redactor = redactor;
		this.advice = advice;
		this.listener = listener;
		this.nanoTime = nanoTime;
	}

	/**
	 * Ask the chain for a complete answer.
	 * @param request the request
	 * @return the answer of the first target that gave one
	 */
	public Mono<ChatResponse> chat(ChatRequest request) {
		return route(request, new Exchange<>(false, (target) -> target.provider().chat(target.model(), request).flux(),
				ChatResponse::withAttempts, (response) -> response.content().length()))
			.next();
	}

	/**
	 * Ask the chain for a streamed answer.
	 * @param request the request
	 * @return the chunks of the first target that delivered one
	 */
	public Flux<ChatChunk> stream(ChatRequest request) {
		return route(request, new Exchange<>(true, (target) -> target.provider().stream(target.model(), request),
				ChatChunk::withAttempts, (chunk) -> chunk.text().length()));
	}

	/**
	 * The deadline needs no timer of its own: every wait of a call is bounded by the time
	 * it has left, attempts and retry delays alike, and a call out of time stops.
	 */
	private <T> Flux<T> route(ChatRequest request, Exchange<T> exchange) {
		return Flux.defer(() -> {
			Set<Capability> required = request.requiredCapabilities();
			Call call = new Call(forcedTarget(now(), required), required, this.timeout, this.nanoTime);
			Flux<T> items = tryFrom(0, call, exchange);
			return (this.listener != null)
					? items.doOnError(FallbackChatException.class,
							(failure) -> this.listener.onCallFailed(new CallFailed(failure, exchange.streaming())))
					: items;
		});
	}

	private <T> Flux<T> tryFrom(int first, Call call, Exchange<T> exchange) {
		if (call.isOverdue()) {
			return Flux.error(exhausted("Deadline of " + Durations.format(this.timeout) + " reached", call));
		}
		for (int index = first; index < this.targets.size(); index++) {
			Target target = this.targets.get(index);
			if (!supports(target, call.required())) {
				skip(call, unsupported(target, call.required()));
				continue;
			}
			Ticket ticket = call.isForced(target) ? target.admitDespiteCooldown(now()) : target.admit(now());
			if (ticket.admitted()) {
				int next = index + 1;
				return attempt(target, ticket, call, exchange).onErrorResume(
						(failure) -> failure instanceof ProviderException && !call.isCommitted(), (failure) -> {
							if (this.listener != null) {
								this.listener.onFallingBack(new FallingBack(call.lastAttempt(), hasTargetFrom(next)));
							}
							return tryFrom(next, call, exchange);
						});
			}
			skip(call, skipped(target, ticket.refusal()));
		}
		return Flux.error(allFailed(call));
	}

	private <T> Flux<T> attempt(Target target, Ticket ticket, Call call, Exchange<T> exchange) {
		BackOffExecution backOff = target.retryPolicy().getBackOff().start();
		AttemptTimeouts timeouts = target.route().timeouts();
		return Flux.defer(() -> {
			long start = this.nanoTime.getAsLong();
			if (this.listener != null) {
				this.listener.onAttemptStarted(
						new AttemptStarted(target.provider().name(), target.model(), exchange.streaming()));
			}
			// Deferred, so that a provider that throws rather than signalling an error
			// fails this target like any other error.
			Flux<T> items = limited(Flux.defer(() -> exchange.call().apply(target)), exchange.streaming(), timeouts,
					call)
				.doOnNext((item) -> delivered(target, start, call, exchange, item));
			if (exchange.streaming()) {
				// A stream that breaks after its first chunk is still a failure of the
				// target.
				items = items.doOnComplete(() -> succeeded(target));
			}
			return items.onErrorMap((failure) -> failed(target, start, call, exchange, failure));
		})
			.map((item) -> exchange.withAttempts().apply(item, call.committedAttempts()))
			.retryWhen(reactor.util.retry.Retry
				.from((signals) -> signals.concatMap((signal) -> retryDelay(target, backOff, call, signal))))
			// Before the failure moves on: the same call's next target may need the
			// lease.
			.doOnTerminate(() -> target.release(ticket))
			.doOnCancel(() -> target.release(ticket));
	}

	/**
	 * Bound an attempt in time: an answer must come within the response timeout; a stream
	 * must show text within the first-token timeout, then a chunk at least every idle
	 * timeout while its consumer is asking for more. Until the first item, the call's
	 * deadline bounds the attempt too.
	 */
	private <T> Flux<T> limited(Flux<T> items, boolean streaming, AttemptTimeouts timeouts, Call call) {
		Duration own = streaming ? timeouts.firstToken() : timeouts.response();
		Duration left = call.remaining();
		boolean deadlineFirst = left.compareTo(own) < 0;
		String firstDetail = deadlineFirst
				? "the call's deadline of " + Durations.format(this.timeout) + " ran out while waiting for it"
				: (streaming ? "no text within " : "no answer within ") + Durations.format(own);
		Duration first = deadlineFirst ? left : own;
		if (!streaming) {
			return items.timeout(first, timedOut(firstDetail));
		}
		StreamDemand demand = new StreamDemand();
		return items
			.timeout(Mono.delay(first), (item) -> demand.delivered().then(Mono.delay(timeouts.idle())),
					Flux.defer(() -> timedOut(
							call.isCommitted() ? "no chunk for " + Durations.format(timeouts.idle()) : firstDetail)))
			.doOnRequest(demand::requested);
	}

	private static <T> Flux<T> timedOut(String detail) {
		return Flux.error(() -> ProviderException.of(AttemptOutcome.TIMEOUT, detail));
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

	private Mono<Long> retryDelay(Target target, BackOffExecution backOff, Call call, RetrySignal signal) {
		Throwable failure = signal.failure();
		if (!(failure instanceof ProviderException classified) || call.isCommitted() || call.isForced(target)) {
			return Mono.error(failure);
		}
		Duration wait = waitBeforeRetry(target, backOff, call, classified);
		if (wait == null) {
			return Mono.error(failure);
		}
		if (this.listener != null) {
			this.listener.onRetryScheduled(new RetryScheduled(call.lastAttempt(), wait));
		}
		return Mono.delay(wait);
	}

	/**
	 * Return how long to wait before retrying the same target, or {@code null} to move
	 * on.
	 */
	private @Nullable Duration waitBeforeRetry(Target target, BackOffExecution backOff, Call call,
			ProviderException failure) {
		FailureDecision decision = policy.decide(failure.getOutcome());
		if (decision.retry() == Retry.NEVER) {
			return null;
		}
		Instant now = now();
		// Never sleep on a rate-limited target, nor spend a second response timeout on a
		// silent one, while another target can answer.
		if (decision.leaveWhileOthersServe() && hasUsableTargetAfter(target, call, now)) {
			return null;
		}
		if (decision.retry() == Retry.BACKOFF && target.state().isCoolingDown(now)) {
			return null;
		}
		long backOffMillis = backOff.nextBackOff();
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

	private boolean hasUsableTargetAfter(Target target, Call call, Instant now) {
		for (int index = target.index() + 1; index < this.targets.size(); index++) {
			Target later = this.targets.get(index);
			if (supports(later, call.required()) && !later.isBlocked(now)) {
				return true;
			}
		}
		return false;
	}

	private boolean hasTargetFrom(int index) {
		return index < this.targets.size();
	}

	private static boolean supports(Target target, Set<Capability> required) {
		return required.isEmpty() || target.provider().capabilities().containsAll(required);
	}

	/**
	 * Return the target to try once when every target that could serve the request is
	 * cooling down: the one back soonest. {@code null} when some target can serve.
	 */
	private @Nullable Target forcedTarget(Instant now, Set<Capability> required) {
		Target soonest = null;
		Instant soonestAt = null;
		for (Target target : this.targets) {
			if (!supports(target, required)) {
				continue;
			}
			if (!target.isBlocked(now)) {
				return null;
			}
			Instant availableAt = target.availableAt(now);
			Instant at = (availableAt != null) ? availableAt : now;
			if (soonestAt == null || at.isBefore(soonestAt)) {
				soonest = target;
				soonestAt = at;
			}
		}
		return soonest;
	}

	private void skip(Call call, Attempt attempt) {
		call.record(attempt);
		if (this.listener != null) {
			this.listener.onTargetSkipped(new TargetSkipped(attempt));
		}
	}

	private Attempt skipped(Target target, Admission refusal) {
		Instant now = now();
		Cooldown cooldown = target.cooldown(now);
		Instant availableAt = target.availableAt(now);
		Duration remaining = (availableAt != null) ? Duration.between(now, availableAt) : null;
		String detail;
		if (refusal == Admission.COOLING && cooldown != null && remaining != null) {
			detail = "cooling down for " + Durations.format(remaining) + " after: " + cooldown.detail();
		}
		else {
			detail = "recovering; another call is checking whether it is back"
					+ ((cooldown != null) ? " (it failed with: " + cooldown.detail() + ")" : "");
		}
		return new Attempt(target.provider().name(), target.model(), AttemptOutcome.SKIPPED, null, null, detail, null,
				Duration.ZERO, remaining);
	}

	private static Attempt unsupported(Target target, Set<Capability> required) {
		StringJoiner missing = new StringJoiner(" or ", "does not support ", "");
		for (Capability capability : required) {
			if (!target.provider().capabilities().contains(capability)) {
				missing.add(capability.description());
			}
		}
		return new Attempt(target.provider().name(), target.model(), AttemptOutcome.UNSUPPORTED, null, null,
				missing.toString(), null, Duration.ZERO, null);
	}

	private @Nullable String action(Target target, AttemptOutcome outcome) {
		return policy.action(outcome, target.provider().name(), target.modelIndex(), target.model(), this.advice);
	}

	private AllProvidersFailedException allFailed(Call call) {
		String headline = this.targets.isEmpty() ? "No LLM target is configured: the chain has no provider with models"
				: (this.targets.size() == 1) ? "The only LLM target failed"
						: "All " + this.targets.size() + " LLM targets failed";
		return exhausted(headline, call);
	}

	private AllProvidersFailedException exhausted(String headline, Call call) {
		List<Attempt> attempts = call.attempts();
		return new AllProvidersFailedException(
				headline + " (" + attempts.size() + ((attempts.size() == 1) ? " attempt" : " attempts") + " in "
						+ Durations.format(call.elapsed()) + ")",
				attempts, soonestRecovery(call.required()), call.lastFailure());
	}

	/**
	 * Return when the soonest target that could serve is back, or {@code null} when one
	 * is not cooling: the next call will try it at once.
	 */
	private @Nullable Duration soonestRecovery(Set<Capability> required) {
		Instant now = now();
		Instant soonest = null;
		for (Target target : this.targets) {
			if (!supports(target, required)) {
				continue;
			}
			Instant availableAt = target.availableAt(now);
			if (availableAt == null) {
				return null;
			}
			if (soonest == null || availableAt.isBefore(soonest)) {
				soonest = availableAt;
			}
		}
		return (soonest != null) ? Duration.between(now, soonest) : null;
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
	 * How one kind of call talks to a target.
	 *
	 * @param streaming whether items are stream chunks (first-token and idle timeouts)
	 * rather than one complete answer (response timeout)
	 * @param call starts the exchange with a target
	 * @param withAttempts attaches the call's attempts to an item
	 * @param characters counts the text of an item
	 */
	private record Exchange<T>(boolean streaming, Function<Target, Flux<T>> call,
			BiFunction<T, List<Attempt>, T> withAttempts, ToIntFunction<T> characters) {
	}

}
