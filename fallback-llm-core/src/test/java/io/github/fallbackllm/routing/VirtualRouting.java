package io.github.fallbackllm.routing;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import io.github.fallbackllm.chat.AllProvidersFailedException;
import io.github.fallbackllm.chat.Attempt;
import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.event.FallbackListener;
import io.github.fallbackllm.observation.FallbackObservations;
import io.github.fallbackllm.policy.FailureAdvice;
import io.github.fallbackllm.policy.FailurePolicy;
import io.github.fallbackllm.provider.SecretRedactor;
import io.github.fallbackllm.routing.selection.TargetSelector;
import io.github.fallbackllm.state.InMemoryTargetStateStore;
import org.jspecify.annotations.Nullable;
import reactor.test.scheduler.VirtualTimeScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Routers over {@link ScriptedProvider}s on Reactor's virtual time, where cooldowns,
 * deadlines, retry delays and timeouts all move together: install it before a test,
 * {@link #close()} it after.
 *
 * @author Fallback LLM contributors
 */
final class VirtualRouting implements AutoCloseable {

	static final RetrySettings RETRY = new RetrySettings(1, Duration.ofMillis(200), 2, Duration.ofSeconds(2),
			Duration.ZERO, Duration.ofSeconds(10));

	static final CooldownSettings COOLDOWN = new CooldownSettings(3, Duration.ofSeconds(30), Duration.ofMinutes(5));

	static final AttemptTimeouts TIMEOUTS = new AttemptTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(30),
			Duration.ofSeconds(30));

	static final ChatRequest REQUEST = ChatRequest.of("Hi");

	final VirtualTimeScheduler time = VirtualTimeScheduler.getOrSet();

	final VirtualClock clock = new VirtualClock(this.time);

	final InMemoryTargetStateStore states = new InMemoryTargetStateStore(this.clock);

	/**
	 * A router over the providers with the routes; the default route is
	 * {@value Route#DEFAULT}.
	 */
	FallbackRouter router(List<Route> routes, List<TargetSelector> selectors, ScriptedProvider... providers) {
		return router(routes, selectors, null, policies(providers));
	}

	/** A router as above whose steps a listener hears. */
	FallbackRouter router(List<Route> routes, List<TargetSelector> selectors, @Nullable FallbackListener listener,
			ScriptedProvider... providers) {
		return router(routes, selectors, listener, policies(providers));
	}

	/** A router over providers with policies of their own. */
	FallbackRouter router(List<Route> routes, List<TargetSelector> selectors, ProviderPolicies... providers) {
		return router(routes, selectors, null, providers);
	}

	private FallbackRouter router(List<Route> routes, List<TargetSelector> selectors,
			@Nullable FallbackListener listener, ProviderPolicies... providers) {
		return new FallbackRouter(List.of(providers), routes, Route.DEFAULT, selectors, Duration.ofMinutes(2),
				this.states, FailurePolicy.STANDARD, SecretRedactor.patternsOnly(), FailureAdvice.BY_NAME, listener,
				FallbackObservations.NOOP, this.clock::nanoTime);
	}

	private static ProviderPolicies[] policies(ScriptedProvider... providers) {
		return Arrays.stream(providers)
			.map((provider) -> new ProviderPolicies(provider, RETRY, COOLDOWN, TIMEOUTS))
			.toArray(ProviderPolicies[]::new);
	}

	/** Make a call and move time on until it ends; it must succeed. */
	ChatResponse call(FallbackRouter router, ChatRequest request) {
		AtomicReference<ChatResponse> answer = new AtomicReference<>();
		AtomicReference<Throwable> failure = new AtomicReference<>();
		router.chat(request).subscribe(answer::set, failure::set);
		advanceUntil(() -> answer.get() != null || failure.get() != null);
		assertThat(failure.get()).isNull();
		return answer.get();
	}

	ChatResponse call(FallbackRouter router) {
		return call(router, REQUEST);
	}

	/** Make a call and move time on until it ends; it must fail. */
	AllProvidersFailedException failure(FallbackRouter router) {
		AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
		router.chat(REQUEST).subscribe((answer) -> {
		}, failure::set);
		advanceUntil(() -> failure.get() != null);
		assertThat(failure.get()).isInstanceOf(AllProvidersFailedException.class);
		return (AllProvidersFailedException) failure.get();
	}

	/** Move virtual time on only as far as the call needs, so cooldowns stay running. */
	void advanceUntil(BooleanSupplier done) {
		this.time.advanceTime();
		for (int step = 0; step < 3_000 && !done.getAsBoolean(); step++) {
			this.time.advanceTimeBy(Duration.ofMillis(100));
		}
	}

	static String describe(ChatResponse response) {
		return describe(response.attempts());
	}

	/** The outcomes in order, each success with the provider that answered. */
	static String describe(List<Attempt> attempts) {
		return String.join(" ",
				attempts.stream()
					.map((attempt) -> attempt.outcome()
							+ ((attempt.outcome() == AttemptOutcome.SUCCEEDED) ? "@" + attempt.provider() : ""))
					.toList());
	}

	@Override
	public void close() {
		VirtualTimeScheduler.reset();
	}

}
