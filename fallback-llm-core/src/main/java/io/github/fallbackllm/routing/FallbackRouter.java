package io.github.fallbackllm.routing;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.ToIntFunction;

import io.github.fallbackllm.budget.BudgetSnapshot;
import io.github.fallbackllm.budget.OverBudget;
import io.github.fallbackllm.budget.TargetBudget;
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
import io.github.fallbackllm.chat.TokenUsage;
import io.github.fallbackllm.embedding.EmbeddingRequest;
import io.github.fallbackllm.embedding.EmbeddingResponse;
import io.github.fallbackllm.event.FallbackListener;
import io.github.fallbackllm.event.FallbackListener.AttemptFinished;
import io.github.fallbackllm.event.FallbackListener.AttemptStarted;
import io.github.fallbackllm.event.FallbackListener.CallFailed;
import io.github.fallbackllm.event.FallbackListener.CallSucceeded;
import io.github.fallbackllm.event.FallbackListener.FallingBack;
import io.github.fallbackllm.event.FallbackListener.RetryScheduled;
import io.github.fallbackllm.event.FallbackListener.TargetSkipped;
import io.github.fallbackllm.observation.FallbackObservations;
import io.github.fallbackllm.policy.FailureAdvice;
import io.github.fallbackllm.policy.FailureDecision;
import io.github.fallbackllm.policy.FailureDecision.Retry;
import io.github.fallbackllm.policy.FailurePolicy;
import io.github.fallbackllm.provider.ProviderException;
import io.github.fallbackllm.provider.SecretRedactor;
import io.github.fallbackllm.routing.Target.Ticket;
import io.github.fallbackllm.routing.selection.TargetSelector;
import io.github.fallbackllm.routing.selection.TargetSelectors;
import io.github.fallbackllm.state.TargetStateStore;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.retry.RetryPolicy;
import org.springframework.util.backoff.BackOffExecution;

/**
 * Walks a route's groups of targets for one call at a time. What each failure means
 * (retry, move on, cool down) is the route's {@link FailurePolicy}'s, and each target
 * applies it to its own state; this class drives the walk:
 * <ul>
 * <li>each group's {@link TargetSelector} orders its targets for the call; a target that
 * is cooling down, or lacks what the request needs, is skipped without a network call;
 * after the group, the next one; if every target is cooling, the one back soonest gets a
 * single attempt, one call at a time when the provider asked for the cooldown;</li>
 * <li>retries are driven by a Spring Framework {@link RetryPolicy} and the provider's
 * {@code Retry-After}, each within the call's deadline;</li>
 * <li>a stream switches target only until its first chunk has been delivered.</li>
 * </ul>
 * The call's deadline bounds all of it, and cancelling the call cancels the request in
 * flight. {@code FallbackChatService.builder()} assembles one.
 *
 * @author Fallback LLM contributors
 */
public final class FallbackRouter {

	private final RouteTable routes;

	private final RoutePlan route;

	private final Duration timeout;

	private final TargetStateStore states;

	private final SecretRedactor redactor;

	private final @Nullable FallbackListener listener;

	private final LongSupplier nanoTime;

	private final FallbackObservations observations;

	/**
	 * Create a router.
	 * @param providers the providers with their policies, in the order of the
	 * {@value Route#DEFAULT} route
	 * @param routes the routes; without a route named {@value Route#DEFAULT}, one is made
	 * of every provider's models in order
	 * @param defaultRoute the route of calls that name none
	 * @param selectors strategies beyond the built-in ones, which they replace by name
	 * @param timeout the deadline of one call, all attempts included; for a stream, the
	 * deadline of its first chunk
	 * @param states where target states live
	 * @param policy what each failure means, before a route's overrides
	 * @param redactor removes secrets from what providers say
	 * @param advice how users refer to what they must change
	 * @param listener hears each step of every call, or {@code null}
	 * @param observations observes calls and attempts
	 * @throws IllegalArgumentException if a route names a provider, model or strategy
	 * that does not exist, or two routes claim one name
	 * @throws UnknownRouteException if the default route does not exist
	 */
	public FallbackRouter(List<ProviderPolicies> providers, List<Route> routes, String defaultRoute,
			Collection<TargetSelector> selectors, Duration timeout, TargetStateStore states, FailurePolicy policy,
			SecretRedactor redactor, FailureAdvice advice, @Nullable FallbackListener listener,
			FallbackObservations observations) {
		this(providers, routes, defaultRoute, selectors, timeout, states, policy, redactor, advice, listener,
				observations, System::nanoTime);
	}

	/** With the time source of deadlines, so that tests can run on virtual time. */
	FallbackRouter(List<ProviderPolicies> providers, List<Route> routes, String defaultRoute,
			Collection<TargetSelector> selectors, Duration timeout, TargetStateStore states, FailurePolicy policy,
			SecretRedactor redactor, FailureAdvice advice, @Nullable FallbackListener listener,
			FallbackObservations observations, LongSupplier nanoTime) {
		Map<String, TargetSelector> byName = new LinkedHashMap<>();
		TargetSelectors.builtIn().forEach((selector) -> byName.put(selector.name(), selector));
		selectors.forEach((selector) -> byName.put(selector.name(), selector));
		this.routes = new RouteTable(providers, routes, defaultRoute, byName, states, policy, advice, listener);
		this.route = this.routes.defaultRoute();
		this.timeout = timeout;
		this.states = states;
		this.redactor = redactor;
		this.listener = listener;
		this.nanoTime = nanoTime;
		this.observations = observations;
	}

	private FallbackRouter(FallbackRouter router, RoutePlan route) {
		this.routes = router.routes;
		this.route = route;
		this.timeout = router.timeout;
		this.states = router.states;
		this.redactor = router.redactor;
		this.listener = router.listener;
		this.nanoTime = router.nanoTime;
		this.observations = router.observations;
	}

	/**
	 * Return the route this router serves calls that name none on.
	 * @return the route
	 */
	public Route currentRoute() {
		return this.route.definition();
	}

	/**
	 * Return a router over a named route that shares states, the deadline, the listener
	 * and the observations with this one.
	 * @param name the route's name
	 * @return the router
	 * @throws UnknownRouteException if no route has that name
	 */
	public FallbackRouter route(String name) {
		RoutePlan plan = this.routes.get(name);
		return (plan == this.route) ? this : new FallbackRouter(this, plan);
	}

	/**
	 * Return a router over the route whose name or alias matches.
	 * @param nameOrAlias the name or alias, such as a model name a client asked for
	 * @return the router, or empty when no route matches
	 */
	public Optional<FallbackRouter> routeFor(String nameOrAlias) {
		return this.routes.find(nameOrAlias)
			.map((plan) -> (plan == this.route) ? this : new FallbackRouter(this, plan));
	}

	/**
	 * Return every route, the {@value Route#DEFAULT} one included when it exists.
	 * @return the routes
	 */
	public List<Route> routes() {
		return this.routes.routes();
	}

	/**
	 * Return a router over the targets of one model only, in this route's groups and
	 * order, that shares their states, the deadline, the listener and the observations
	 * with this one.
	 * @param model the model, as configured
	 * @return the router, or empty when no target of the route serves that model
	 */
	public Optional<FallbackRouter> restrictedTo(String model) {
		return this.route.restrictedTo(model).map((plan) -> new FallbackRouter(this, plan));
	}

	/**
	 * Return the share of a target's rate-limit budget left this minute.
	 * @param target the target, as {@code provider/model}
	 * @return from {@code 0} (spent, or the provider said nothing is left) to {@code 1}
	 * (untouched, or no limit); empty when no route uses the target
	 */
	public OptionalDouble budgetLeft(String target) {
		TargetBudget budget = this.routes.budget(target);
		return (budget != null) ? OptionalDouble.of(budget.headroom(now())) : OptionalDouble.empty();
	}

	/**
	 * Return what a target has left of its rate limits, declared and learned.
	 * @param target the target, as {@code provider/model}
	 * @return the snapshot; empty when no route uses the target
	 */
	public Optional<BudgetSnapshot> budget(String target) {
		TargetBudget budget = this.routes.budget(target);
		return (budget != null) ? Optional.of(budget.snapshot(now())) : Optional.empty();
	}

	/**
	 * Return what every target of the route supports beyond text.
	 * @return the capabilities common to all targets
	 */
	public Set<Capability> capabilities() {
		return this.route.capabilities();
	}

	/**
	 * Ask the route for a complete answer.
	 * @param request the request
	 * @return the answer of the first target that gave one
	 * @throws UnknownRouteException if the request names a route that does not exist
	 */
	public Mono<ChatResponse> chat(ChatRequest request) {
		return serve(planFor(request.route()),
				new Exchange<>(Ask.chat(request), false,
						(target) -> target.llmProvider().chat(target.model(), request).flux(),
						ChatResponse::withAttempts, (response) -> response.content().length(), ChatResponse::usage))
			.next();
	}

	/**
	 * Ask the route for a streamed answer.
	 * @param request the request
	 * @return the chunks of the first target that delivered one
	 * @throws UnknownRouteException if the request names a route that does not exist
	 */
	public Flux<ChatChunk> stream(ChatRequest request) {
		return serve(planFor(request.route()),
				new Exchange<>(Ask.chat(request), true,
						(target) -> target.llmProvider().stream(target.model(), request), ChatChunk::withAttempts,
						(chunk) -> chunk.text().length(), ChatChunk::usage));
	}

	/**
	 * Ask the route's embedding targets for a vector per input. Chat models are skipped
	 * without a call. Inputs beyond what one request of the route may carry are sent in
	 * batches, one call each, in order; the first batch's answer pins the later ones to
	 * its embedding space.
	 * @param request the request
	 * @return the vectors, in input order, all of one embedding space
	 * @throws UnknownRouteException if the request names a route that does not exist
	 */
	public Mono<EmbeddingResponse> embed(EmbeddingRequest request) {
		RoutePlan plan = planFor(request.route());
		int size = request.inputs().size();
		int batch = plan.maxEmbeddingInputs();
		if (size <= batch) {
			return embed(plan, request);
		}
		return embed(plan, request.slice(0, batch)).flatMap((first) -> {
			// Every embedding target of the route has this space, or the route allows
			// mixed spaces and has targets of it.
			RoutePlan pinned = plan.inSpace(first.space()).orElse(plan);
			return Flux.range(1, (size - 1) / batch)
				.concatMap((index) -> embed(pinned, request.slice(index * batch, Math.min(size, (index + 1) * batch))))
				.collectList()
				.map((rest) -> EmbeddingBatches.join(first, rest));
		});
	}

	private Mono<EmbeddingResponse> embed(RoutePlan plan, EmbeddingRequest request) {
		return serve(plan,
				new Exchange<>(Ask.embeddings(request), false,
						(target) -> target.llmProvider()
							.embed(target.model(), request)
							.map((result) -> EmbeddingBatches.answer(target, request, result))
							.flux(),
						EmbeddingResponse::withAttempts, (response) -> 0, EmbeddingResponse::usage))
			.next();
	}

	/**
	 * Return the embedding spaces of the route's embedding targets.
	 * @return the spaces, in route order; empty when the route serves no embeddings, one
	 * unless the route allows mixed spaces
	 */
	public List<String> embeddingSpaces() {
		return this.route.embeddingSpaces();
	}

	/**
	 * The deadline needs no timer of its own: every wait of a call is bounded by the time
	 * it has left, attempts and retry delays alike, and a call out of time stops.
	 */
	private <T> Flux<T> serve(RoutePlan plan, Exchange<T> exchange) {
		Ask ask = exchange.ask();
		return this.observations.call(ask.operation(), ask.chat(), exchange.streaming(), plan.name(), Flux.defer(() -> {
			Call call = new Call(plan, ask, this.timeout, this.nanoTime, this.states.clock());
			Hedging hedging = plan.hedging();
			ChatRequest chat = ask.chat();
			Flux<T> items = (hedging != null && chat != null && hedging.applies(chat))
					? hedging.race(call, () -> tryNext(call, exchange), exchange.streaming(), this.listener)
					: tryNext(call, exchange);
			return (this.listener != null)
					? items.doOnError(FallbackChatException.class,
							(failure) -> this.listener.onCallFailed(new CallFailed(failure, exchange.streaming())))
					: items;
		}));
	}

	private RoutePlan planFor(@Nullable String named) {
		if (named == null || named.equals(this.route.name())) {
			return this.route;
		}
		return this.routes.find(named).orElseThrow(() -> this.routes.unknown(named));
	}

	private <T> Flux<T> tryNext(Call call, Exchange<T> exchange) {
		if (call.isOverdue()) {
			return Flux.error(exhausted("Deadline of " + Durations.format(this.timeout) + " reached", call));
		}
		for (Target next = call.next(); next != null; next = call.next()) {
			Target target = next;
			if (!call.ask().servedBy(target)) {
				skip(call, call.ask().refusedBy(target));
				continue;
			}
			Instant now = now();
			Ticket ticket = call.isForced(target) ? target.admitDespiteCooldown(now) : target.admit(now);
			OverBudget overBudget = ticket.admitted() ? call.takeBudget(target, now) : null;
			if (overBudget != null) {
				target.release(ticket);
				skip(call, target.overBudget(overBudget, now));
				continue;
			}
			if (ticket.admitted()) {
				Flux<T> attempt = attempt(new Attempting(target, ticket, new Retries(target)), call, exchange);
				return (ticket == Ticket.OPEN) ? attempt
						: attempt.doOnComplete(() -> target.release(ticket)).doOnCancel(() -> target.release(ticket));
			}
			skip(call, target.skipped(ticket.refusal(), now));
		}
		return Flux.error(allFailed(call));
	}

	/**
	 * Try a target; on failure, try it again for as long as the retry rules allow, then
	 * move on to the next target, if the route falls back on the failure. One
	 * {@code onErrorResume} does both: it costs nothing until a try fails, which on the
	 * success path is never.
	 */
	private <T> Flux<T> attempt(Attempting attempting, Call call, Exchange<T> exchange) {
		Target target = attempting.target();
		Flux<T> once = Flux.defer(() -> {
			Call.Try running = call.start(target);
			if (running == null) {
				// A hedge of the call has answered: no request is worth sending.
				return Flux.empty();
			}
			long start = running.startNanos();
			if (this.listener != null) {
				this.listener
					.onAttemptStarted(new AttemptStarted(target.provider(), target.model(), exchange.streaming()));
			}
			boolean measured = target.isMeasured();
			if (measured) {
				target.stats().started();
			}
			Flux<T> items = AttemptLimits
				.bound(call(target, exchange), exchange.streaming(), target.policies().timeouts(), call, this.timeout)
				.filter((item) -> delivered(running, call, exchange, item));
			if (exchange.streaming()) {
				// A stream that breaks after its first chunk is still a failure of the
				// target.
				items = items.doOnComplete(target::succeeded);
			}
			items = items.onErrorMap((failure) -> failed(running, call, exchange, failure));
			// Only where a strategy reads the statistics, or a hedge may race the try:
			// the
			// operator costs every call. A try that fails ends in failed(), before its
			// failure moves on.
			boolean raced = call.route().hedging() != null;
			return (measured || raced) ? items.doFinally((signal) -> {
				if (measured) {
					target.stats().ended();
				}
				call.end(running);
			}) : items;
		});
		// One observation per try, the parent of the provider's HTTP exchange.
		return this.observations
			.attempt(exchange.ask().operation(), target.llmProvider(), target.model(), exchange.ask().chat(),
					exchange.streaming(), once)
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
				if (!(failure instanceof ProviderException classified) || call.isCommitted()) {
					return Flux.error(failure);
				}
				if (!target.movesOn(classified.getOutcome())) {
					return Flux
						.error(exhausted("Route '" + call.route().name() + "' does not fall back on this failure ("
								+ classified.getOutcome().description() + ")", call));
				}
				if (this.listener != null) {
					this.listener.onFallingBack(new FallingBack(call.lastAttempt(), call.hasTargetsLeft()));
				}
				return tryNext(call, exchange);
			});
	}

	/**
	 * A provider that throws rather than signalling an error fails its target all the
	 * same.
	 */
	private static <T> Flux<T> call(Target target, Exchange<T> exchange) {
		try {
			return exchange.call().apply(target).contextWrite(target.limitsReport());
		}
		catch (RuntimeException ex) {
			return Flux.error(ex);
		}
	}

	/**
	 * Take an item of a try, the first one committing the call to it; return
	 * {@code false} to drop an item of a try that a hedge has beaten.
	 */
	private <T> boolean delivered(Call.Try running, Call call, Exchange<T> exchange, T item) {
		if (!call.isCommittedTo(running)) {
			Target target = running.target();
			Duration took = since(running.startNanos());
			Attempt attempt = new Attempt(target.provider(), target.model(), AttemptOutcome.SUCCEEDED, null, null, "",
					null, took, null);
			List<Attempt> hedgedOut = call.commit(running, attempt);
			if (hedgedOut == null) {
				return false;
			}
			if (target.isMeasured()) {
				target.stats().measured(took.toNanos());
			}
			if (exchange.streaming()) {
				target.answered();
			}
			else {
				target.succeeded();
			}
			if (this.listener != null) {
				hedgedOut.forEach((cancelled) -> this.listener
					.onAttemptFinished(new AttemptFinished(cancelled, exchange.streaming())));
				this.listener.onAttemptFinished(new AttemptFinished(attempt, exchange.streaming()));
				this.listener.onCallSucceeded(new CallSucceeded(call.route().name(), target.provider(), target.model(),
						call.committedAttempts(), call.isFallback(attempt), exchange.streaming()));
			}
		}
		call.delivered(exchange.characters().applyAsInt(item));
		TokenUsage usage = exchange.usage().apply(item);
		if (usage != null) {
			call.settleBudget(running.target(), usage, now());
		}
		return true;
	}

	private <T> Throwable failed(Call.Try running, Call call, Exchange<T> exchange, Throwable failure) {
		// Ended before the error moves on: the next target may answer within it.
		call.end(running);
		Target target = running.target();
		long start = running.startNanos();
		ProviderException classified = ProviderException.from(failure, this.redactor);
		if (call.isCommitted() && !call.isCommittedTo(running)) {
			// Beaten by a hedge while failing: hedged out, neither the call's failure nor
			// the target's.
			return classified;
		}
		String detail = this.redactor.redact(classified.getDetail());
		AttemptOutcome outcome = classified.getOutcome();
		Attempt attempt = new Attempt(target.provider(), target.model(), outcome, classified.getHttpStatus(),
				classified.getErrorCode(), detail, target.action(outcome), since(start),
				target.failed(classified, detail, now()));
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
		FailureDecision decision = target.decide(failure.getOutcome());
		if (decision.retry() == Retry.NEVER) {
			return null;
		}
		Instant now = now();
		// Never sleep on a rate-limited target, nor spend a second response timeout on a
		// silent one, while another target can answer.
		if (decision.leaveWhileOthersServe() && call.hasUsableTargetLeft(now)) {
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
		boolean worthWaiting = wait.compareTo(target.policies().retry().maxRetryAfter()) <= 0
				&& wait.compareTo(call.remaining()) < 0;
		// A retry is another request: it needs its share of the budget too.
		return (worthWaiting && call.takeBudget(target, now) == null) ? wait : null;
	}

	private void skip(Call call, Attempt attempt) {
		call.record(attempt);
		if (this.listener != null) {
			this.listener.onTargetSkipped(new TargetSkipped(call.route().name(), attempt));
		}
	}

	private AllProvidersFailedException allFailed(Call call) {
		int size = call.route().size();
		String headline = (size == 0) ? "No LLM target is configured: route '" + call.route().name() + "' has no target"
				: (size == 1) ? "The only LLM target failed" : "All " + size + " LLM targets failed";
		return exhausted(headline, call);
	}

	private AllProvidersFailedException exhausted(String headline, Call call) {
		List<Attempt> attempts = call.attempts();
		return new AllProvidersFailedException(
				headline + " (" + attempts.size() + ((attempts.size() == 1) ? " attempt" : " attempts") + " in "
						+ Durations.format(call.elapsed()) + ")",
				attempts, call.route().soonestRecovery(call.ask()::servedBy, now()), call.lastFailure());
	}

	private Instant now() {
		return this.states.clock().instant();
	}

	private Duration since(long startNanos) {
		return Duration.ofNanos(this.nanoTime.getAsLong() - startNanos);
	}

	/**
	 * One attempt of a call on a target, across its retries.
	 *
	 * @param target the target
	 * @param ticket its admission, released when the attempt ends
	 * @param retries the retry state
	 */
	private record Attempting(Target target, Ticket ticket, Retries retries) {
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
	 * @param ask what the call asks of targets
	 * @param streaming whether items are stream chunks (first-token and idle timeouts)
	 * rather than one complete answer (response timeout)
	 * @param call starts the exchange with a target
	 * @param withAttempts attaches the call's attempts to an item
	 * @param characters counts the text of an item
	 * @param usage the tokens an item reports used, if any
	 */
	private record Exchange<T>(Ask ask, boolean streaming, Function<Target, Flux<T>> call,
			BiFunction<T, List<Attempt>, T> withAttempts, ToIntFunction<T> characters,
			Function<T, @Nullable TokenUsage> usage) {
	}

}
