package io.github.fallbackllm.routing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

import io.github.fallbackllm.chat.AllProvidersFailedException;
import io.github.fallbackllm.chat.Attempt;
import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.ChatChunk;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.chat.ChatStreamInterruptedException;
import io.github.fallbackllm.chat.Durations;
import io.github.fallbackllm.provider.LlmProvider;
import io.github.fallbackllm.provider.ProviderException;
import io.github.fallbackllm.provider.SecretRedactor;
import io.github.fallbackllm.routing.Target.Ticket;
import io.github.fallbackllm.routing.TargetState.Admission;
import io.github.fallbackllm.routing.TargetState.Cooldown;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.core.retry.RetryPolicy;
import org.springframework.util.backoff.BackOffExecution;

/**
 * Walks the chain of targets for one call at a time:
 * <ul>
 * <li>a target that is cooling down is skipped without a network call; if all are, the
 * one back soonest gets a single attempt, one call at a time when the provider asked for
 * the cooldown;</li>
 * <li>server and network errors are retried on the same target with backoff, driven by a
 * Spring Framework {@link RetryPolicy}, then the call moves on;</li>
 * <li>a rate-limited or timed-out target is left at once while a later target can serve,
 * and retried (a rate limit within {@code maxRetryAfter}) only when it is the last
 * one;</li>
 * <li>credential, quota and unknown-model failures move on and cool the provider or the
 * target down for long; request-specific rejections move on and cool nothing;</li>
 * <li>a stream switches target only until its first chunk has been delivered.</li>
 * </ul>
 * The call's deadline bounds all of it, and cancelling the call cancels the request in
 * flight.
 *
 * @author Fallback LLM contributors
 */
public final class FallbackRouter {

	private static final Log logger = LogFactory.getLog(FallbackRouter.class);

	/** Failures worth a retry of the same target; rate limits follow their own rule. */
	private static final Predicate<Throwable> TRANSIENT = (failure) -> failure instanceof ProviderException classified
			&& switch (classified.getOutcome()) {
				case SERVER_ERROR, NETWORK_ERROR, TIMEOUT -> true;
				default -> false;
			};

	private final List<Target> targets;

	private final Duration timeout;

	private final CooldownRegistry cooldowns;

	private final SecretRedactor redactor;

	/**
	 * Create a router.
	 * @param routes the providers, in fallback order
	 * @param timeout the deadline of one call, all attempts included; for a stream, the
	 * deadline of its first chunk
	 * @param cooldowns the shared target states
	 * @param redactor removes secrets from what providers say
	 */
	public FallbackRouter(List<Route> routes, Duration timeout, CooldownRegistry cooldowns, SecretRedactor redactor) {
		List<Target> targets = new ArrayList<>();
		for (Route route : routes) {
			RetryPolicy retryPolicy = route.retry().toRetryPolicy(TRANSIENT);
			LlmProvider provider = route.provider();
			TargetState providerState = cooldowns.provider(provider.name());
			List<String> models = provider.models();
			for (int i = 0; i < models.size(); i++) {
				targets.add(new Target(targets.size(), route, models.get(i), i,
						cooldowns.target(provider.name(), models.get(i)), providerState, retryPolicy));
			}
		}
		this.targets = List.copyOf(targets);
		this.timeout = timeout;
		this.cooldowns = cooldowns;
		this.redactor = redactor;
	}

	/**
	 * Ask the chain for a complete answer.
	 * @param request the request
	 * @return the answer of the first target that gave one
	 */
	public Mono<ChatResponse> chat(ChatRequest request) {
		return route(new Exchange<>(false, (target) -> target.provider().chat(target.model(), request).flux(),
				ChatResponse::withAttempts, (response) -> response.content().length()))
			.next();
	}

	/**
	 * Ask the chain for a streamed answer.
	 * @param request the request
	 * @return the chunks of the first target that delivered one
	 */
	public Flux<ChatChunk> stream(ChatRequest request) {
		return route(new Exchange<>(true, (target) -> target.provider().stream(target.model(), request),
				ChatChunk::withAttempts, (chunk) -> chunk.text().length()));
	}

	/**
	 * The deadline needs no timer of its own: every wait of a call is bounded by the time
	 * it has left, attempts and retry delays alike, and a call out of time stops.
	 */
	private <T> Flux<T> route(Exchange<T> exchange) {
		return Flux.defer(() -> tryFrom(0, new Call(forcedTarget(now()), this.timeout), exchange));
	}

	private <T> Flux<T> tryFrom(int first, Call call, Exchange<T> exchange) {
		if (call.isOverdue()) {
			return Flux.error(exhausted("Deadline of " + Durations.format(this.timeout) + " reached", call));
		}
		for (int index = first; index < this.targets.size(); index++) {
			Target target = this.targets.get(index);
			Ticket ticket = call.isForced(target) ? target.admitDespiteCooldown(now()) : target.admit(now());
			if (ticket.admitted()) {
				int next = index + 1;
				return attempt(target, ticket, call, exchange).onErrorResume(
						(failure) -> failure instanceof ProviderException && !call.isCommitted(), (failure) -> {
							logHop(call, next);
							return tryFrom(next, call, exchange);
						});
			}
			call.record(skipped(target, ticket.refusal()));
		}
		return Flux.error(allFailed(call));
	}

	private <T> Flux<T> attempt(Target target, Ticket ticket, Call call, Exchange<T> exchange) {
		BackOffExecution backOff = target.retryPolicy().getBackOff().start();
		AttemptTimeouts timeouts = target.route().timeouts();
		return Flux.defer(() -> {
			long start = System.nanoTime();
			Flux<T> items = limited(exchange.call().apply(target), exchange.streaming(), timeouts, call)
				.doOnNext((item) -> delivered(target, start, call, exchange, item));
			if (exchange.streaming()) {
				// A stream that breaks after its first chunk is still a failure of the
				// target.
				items = items.doOnComplete(() -> succeeded(target));
			}
			return items.onErrorMap((failure) -> failed(target, start, call, failure));
		})
			.map((item) -> exchange.withAttempts().apply(item, call.committedAttempts()))
			.retryWhen(Retry
				.from((signals) -> signals.concatMap((signal) -> retryDelay(target, backOff, call, signal.failure()))))
			// Before the failure moves on: the same call's next target may need the slot.
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
		Supplier<String> firstDetail = deadlineFirst
				? () -> "the call's deadline of " + Durations.format(this.timeout) + " ran out while waiting for it"
				: () -> (streaming ? "no text within " : "no answer within ") + Durations.format(own);
		Duration first = deadlineFirst ? left : own;
		if (!streaming) {
			return items.timeout(first, timedOut(firstDetail));
		}
		StreamDemand demand = new StreamDemand();
		return items
			.timeout(Mono.delay(first), (item) -> demand.delivered().then(Mono.delay(timeouts.idle())), timedOut(
					() -> call.isCommitted() ? "no chunk for " + Durations.format(timeouts.idle()) : firstDetail.get()))
			.doOnRequest(demand::requested);
	}

	private static <T> Flux<T> timedOut(Supplier<String> detail) {
		return Flux.defer(() -> Flux.error(ProviderException.of(AttemptOutcome.TIMEOUT, detail.get())));
	}

	private <T> void delivered(Target target, long start, Call call, Exchange<T> exchange, T item) {
		if (!call.isCommitted()) {
			if (exchange.streaming()) {
				target.providerState().answered();
				target.state().answered();
			}
			else {
				succeeded(target);
			}
			call.record(new Attempt(target.provider().name(), target.model(), AttemptOutcome.SUCCEEDED, null, null, "",
					null, since(start), null));
			call.commit();
		}
		call.delivered(exchange.characters().applyAsInt(item));
	}

	private static void succeeded(Target target) {
		target.providerState().succeeded();
		target.state().succeeded();
	}

	private Throwable failed(Target target, long start, Call call, Throwable failure) {
		ProviderException classified = ProviderException.from(failure, this.redactor);
		String detail = this.redactor.redact(classified.getDetail());
		Attempt attempt = new Attempt(target.provider().name(), target.model(), classified.getOutcome(),
				classified.getHttpStatus(), classified.getErrorCode(), detail, target.action(classified.getOutcome()),
				since(start), recordFailure(target, classified, detail));
		call.failedWith(classified);
		if (call.isCommitted()) {
			call.replaceLast(attempt);
			return new ChatStreamInterruptedException(target.name(), classified.getOutcome(), detail, call.chunks(),
					call.characters(), call.attempts(), classified);
		}
		call.record(attempt);
		return classified;
	}

	/**
	 * Update the target's state after a failure.
	 * @return the cooldown the failure started or extended, if any
	 */
	private @Nullable Duration recordFailure(Target target, ProviderException failure, String detail) {
		Instant now = now();
		CooldownSettings settings = target.route().cooldown();
		TargetState.Failure seen = new TargetState.Failure(now, failure.getOutcome(), failure.getHttpStatus(), detail);
		Duration retryAfter = failure.getRetryAfter();
		switch (failure.getOutcome()) {
			case RATE_LIMITED -> {
				target.state().failed(seen);
				Duration wait = (retryAfter != null) ? retryAfter : settings.duration();
				return coolDown(target.state(), min(wait, settings.longDuration()), seen, now);
			}
			case QUOTA_EXCEEDED, AUTHENTICATION_FAILED -> {
				target.providerState().failed(seen);
				if (target.providerState()
					.coolDown(new Cooldown(now.plus(settings.longDuration()), seen.outcome(), seen.describe()), now)) {
					logger.error("LLM provider '" + target.provider().name() + "' " + sentence(seen.describe()) + " "
							+ sentence(capitalized(target.action(failure.getOutcome())))
							+ " Its models are skipped for " + Durations.format(settings.longDuration()) + ".");
				}
				return settings.longDuration();
			}
			case MODEL_NOT_FOUND -> {
				target.state().failed(seen);
				return coolDown(target.state(), settings.longDuration(), seen, now);
			}
			case SERVER_ERROR, NETWORK_ERROR, TIMEOUT, INVALID_RESPONSE -> {
				if (target.state().failed(seen) < settings.failureThreshold()) {
					return null;
				}
				return coolDown(target.state(),
						min((retryAfter != null) ? retryAfter : settings.duration(), settings.longDuration()), seen,
						now);
			}
			default -> {
				// Context too long, content filtered, bad request: about the request, not
				// the target. A full connection pool: about this application.
				return null;
			}
		}
	}

	private static Duration coolDown(TargetState state, Duration duration, TargetState.Failure cause, Instant now) {
		state.coolDown(new Cooldown(now.plus(duration), cause.outcome(), cause.describe()), now);
		return duration;
	}

	private Mono<Long> retryDelay(Target target, BackOffExecution backOff, Call call, Throwable failure) {
		if (!(failure instanceof ProviderException classified) || call.isCommitted() || call.isForced(target)) {
			return Mono.error(failure);
		}
		Duration wait = waitBeforeRetry(target, backOff, call, classified);
		if (wait == null) {
			return Mono.error(failure);
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Retrying LLM target " + target.name() + " in " + Durations.format(wait) + " after "
					+ call.lastAttempt().describe());
		}
		return Mono.delay(wait);
	}

	/**
	 * Return how long to wait before retrying the same target, or {@code null} to move
	 * on.
	 */
	private @Nullable Duration waitBeforeRetry(Target target, BackOffExecution backOff, Call call,
			ProviderException failure) {
		Instant now = now();
		Duration retryAfter = failure.getRetryAfter();
		AttemptOutcome outcome = failure.getOutcome();
		// Never sleep on a rate-limited target, nor spend a second response timeout on a
		// silent one, while another target can answer.
		if ((outcome == AttemptOutcome.RATE_LIMITED || outcome == AttemptOutcome.TIMEOUT)
				&& hasUsableTargetAfter(target, now)) {
			return null;
		}
		if (outcome != AttemptOutcome.RATE_LIMITED
				&& (!target.retryPolicy().shouldRetry(failure) || target.state().isCoolingDown(now))) {
			return null;
		}
		long backOffMillis = backOff.nextBackOff();
		if (backOffMillis == BackOffExecution.STOP) {
			return null;
		}
		Duration wait = Duration.ofMillis(backOffMillis);
		if (retryAfter != null && (outcome == AttemptOutcome.RATE_LIMITED || retryAfter.compareTo(wait) > 0)) {
			wait = retryAfter;
		}
		Duration remaining = call.remaining();
		boolean worthWaiting = wait.compareTo(target.route().retry().maxRetryAfter()) <= 0
				&& wait.compareTo(remaining) < 0;
		return worthWaiting ? wait : null;
	}

	private boolean hasUsableTargetAfter(Target target, Instant now) {
		for (int index = target.index() + 1; index < this.targets.size(); index++) {
			if (!this.targets.get(index).isBlocked(now)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Return the target to try once when every target is cooling down: the one back
	 * soonest. {@code null} when some target can serve.
	 */
	private @Nullable Target forcedTarget(Instant now) {
		Target soonest = null;
		Instant soonestAt = null;
		for (Target target : this.targets) {
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

	private AllProvidersFailedException allFailed(Call call) {
		String headline = this.targets.isEmpty()
				? "No LLM target is configured; add a provider with models under llm.fallback.providers"
				: (this.targets.size() == 1) ? "The only LLM target failed"
						: "All " + this.targets.size() + " LLM targets failed";
		return exhausted(headline, call);
	}

	private AllProvidersFailedException exhausted(String headline, Call call) {
		List<Attempt> attempts = call.attempts();
		return new AllProvidersFailedException(headline + " (" + attempts.size()
				+ ((attempts.size() == 1) ? " attempt" : " attempts") + " in " + Durations.format(call.elapsed()) + ")",
				attempts, soonestRecovery(), call.lastFailure());
	}

	private @Nullable Duration soonestRecovery() {
		Instant now = now();
		Instant soonest = null;
		for (Target target : this.targets) {
			Instant availableAt = target.availableAt(now);
			if (availableAt != null && (soonest == null || availableAt.isBefore(soonest))) {
				soonest = availableAt;
			}
		}
		return (soonest != null) ? Duration.between(now, soonest) : null;
	}

	private void logHop(Call call, int next) {
		if (logger.isWarnEnabled()) {
			logger.warn("LLM fallback: " + call.lastAttempt().describe()
					+ ((next < this.targets.size()) ? "; trying the next target" : "; no target left"));
		}
	}

	private Instant now() {
		return this.cooldowns.clock().instant();
	}

	private static Duration since(long startNanos) {
		return Duration.ofNanos(System.nanoTime() - startNanos);
	}

	private static Duration min(Duration first, Duration second) {
		return (first.compareTo(second) <= 0) ? first : second;
	}

	private static String sentence(String text) {
		return text.endsWith(".") ? text : text + ".";
	}

	private static String capitalized(@Nullable String text) {
		return (text == null || text.isEmpty()) ? "" : Character.toUpperCase(text.charAt(0)) + text.substring(1);
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
