package io.github.fallbackllm.routing;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import io.github.fallbackllm.chat.AllProvidersFailedException;
import io.github.fallbackllm.chat.Attempt;
import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.ChatChunk;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.chat.ChatStreamInterruptedException;
import io.github.fallbackllm.event.FallbackListener;
import io.github.fallbackllm.observation.FallbackObservations;
import io.github.fallbackllm.policy.FailureAdvice;
import io.github.fallbackllm.policy.FailurePolicy;
import io.github.fallbackllm.provider.SecretRedactor;
import io.github.fallbackllm.state.InMemoryTargetStateStore;
import io.github.fallbackllm.state.TargetStateStore;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The routing rules on virtual time, against providers in memory: no HTTP, no waiting.
 *
 * @author Fallback LLM contributors
 */
class FallbackRouterTests {

	private static final RetrySettings RETRY = new RetrySettings(1, Duration.ofMillis(200), 2, Duration.ofSeconds(2),
			Duration.ZERO, Duration.ofSeconds(10));

	private static final CooldownSettings COOLDOWN = new CooldownSettings(3, Duration.ofSeconds(30),
			Duration.ofMinutes(5));

	private static final AttemptTimeouts TIMEOUTS = new AttemptTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(30),
			Duration.ofSeconds(30));

	private static final ChatRequest REQUEST = ChatRequest.of("Hi");

	private final List<Object> events = new CopyOnWriteArrayList<>();

	private VirtualTimeScheduler time;

	private VirtualClock clock;

	private InMemoryTargetStateStore states;

	@BeforeEach
	void virtualTime() {
		this.time = VirtualTimeScheduler.getOrSet();
		this.clock = new VirtualClock(this.time);
		this.states = new InMemoryTargetStateStore(this.clock);
	}

	@AfterEach
	void realTime() {
		VirtualTimeScheduler.reset();
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			RATE_LIMITED          | RATE_LIMITED SUCCEEDED@secondary     | SKIPPED SUCCEEDED@secondary | target
			QUOTA_EXCEEDED        | QUOTA_EXCEEDED SUCCEEDED@secondary   | SKIPPED SUCCEEDED@secondary | provider
			AUTHENTICATION_FAILED | AUTHENTICATION_FAILED SUCCEEDED@secondary | SKIPPED SUCCEEDED@secondary | provider
			MODEL_NOT_FOUND       | MODEL_NOT_FOUND SUCCEEDED@secondary  | SKIPPED SUCCEEDED@secondary | target
			SERVER_ERROR          | SERVER_ERROR SUCCEEDED@primary       | SUCCEEDED@primary           | none
			NETWORK_ERROR         | NETWORK_ERROR SUCCEEDED@primary      | SUCCEEDED@primary           | none
			TIMEOUT               | TIMEOUT SUCCEEDED@secondary          | SUCCEEDED@primary           | none
			INVALID_RESPONSE      | INVALID_RESPONSE SUCCEEDED@secondary | SUCCEEDED@primary           | none
			CONTEXT_TOO_LONG      | CONTEXT_TOO_LONG SUCCEEDED@secondary | SUCCEEDED@primary           | none
			CONTENT_FILTERED      | CONTENT_FILTERED SUCCEEDED@secondary | SUCCEEDED@primary           | none
			UNSUPPORTED           | UNSUPPORTED SUCCEEDED@secondary      | SUCCEEDED@primary           | none
			BAD_REQUEST           | BAD_REQUEST SUCCEEDED@secondary      | SUCCEEDED@primary           | none
			CLIENT_OVERLOADED     | CLIENT_OVERLOADED SUCCEEDED@secondary | SUCCEEDED@primary          | none
			""")
	void eachFailureIsRetriedMovedOnAndCooledAsTheTableSays(AttemptOutcome outcome, String firstCall, String secondCall,
			String cooled) {
		ScriptedProvider primary = new ScriptedProvider("primary", "a").fails(outcome).answers("from primary");
		ScriptedProvider secondary = new ScriptedProvider("secondary", "s").answers("from secondary");
		FallbackRouter router = router(primary, secondary);

		assertThat(describe(call(router))).isEqualTo(firstCall.trim());
		assertThat(describe(call(router))).isEqualTo(secondCall.trim());
		assertThat(this.states.provider("primary").isCoolingDown(this.clock.instant()))
			.isEqualTo(cooled.trim().equals("provider"));
		assertThat(this.states.target("primary", "a").isCoolingDown(this.clock.instant()))
			.isEqualTo(cooled.trim().equals("target"));
	}

	@Test
	void transientFailuresCoolTheTargetOnceTheThresholdIsReached() {
		ScriptedProvider primary = new ScriptedProvider("primary", "a").fails(AttemptOutcome.SERVER_ERROR);
		FallbackRouter router = router(primary, new ScriptedProvider("secondary", "s"));

		assertThat(describe(call(router))).isEqualTo("SERVER_ERROR SERVER_ERROR SUCCEEDED@secondary");
		assertThat(describe(call(router))).as("the third failure cools it: no retry")
			.isEqualTo("SERVER_ERROR SUCCEEDED@secondary");
		assertThat(describe(call(router))).isEqualTo("SKIPPED SUCCEEDED@secondary");
		assertThat(primary.calls()).isEqualTo(3);
	}

	@Test
	void afterACooldownOneCallAtATimeTriesTheTarget() {
		ScriptedProvider primary = new ScriptedProvider("primary", "a")
			.fails(AttemptOutcome.RATE_LIMITED, Duration.ofSeconds(10))
			.answersAfter(Duration.ofSeconds(1), "back");
		FallbackRouter router = router(primary, new ScriptedProvider("secondary", "s"));
		call(router);
		this.time.advanceTimeBy(Duration.ofSeconds(11));

		AtomicReference<ChatResponse> trial = new AtomicReference<>();
		router.chat(REQUEST).subscribe(trial::set);
		ChatResponse meanwhile = call(router);

		assertThat(describe(meanwhile)).isEqualTo("SKIPPED SUCCEEDED@secondary");
		assertThat(meanwhile.attempts().get(0).detail()).startsWith("recovering");
		this.time.advanceTimeBy(Duration.ofSeconds(1));
		assertThat(describe(trial.get())).isEqualTo("SUCCEEDED@primary");
		assertThat(describe(call(router))).as("back in the chain").isEqualTo("SUCCEEDED@primary");
	}

	@Test
	void aRateLimitedLastTargetIsRetriedAfterItsRetryAfter() {
		ScriptedProvider only = new ScriptedProvider("only", "a")
			.fails(AttemptOutcome.RATE_LIMITED, Duration.ofSeconds(5))
			.answers("after the wait");
		FallbackRouter router = router(only);

		StepVerifier.withVirtualTime(() -> router.chat(REQUEST), () -> this.time, 1)
			.expectSubscription()
			.expectNoEvent(Duration.ofMillis(4_999))
			.thenAwait(Duration.ofMillis(1))
			.assertNext((response) -> assertThat(describe(response)).isEqualTo("RATE_LIMITED SUCCEEDED@only"))
			.verifyComplete();
	}

	@Test
	void theDeadlineBoundsAttemptsAndRetries() {
		ScriptedProvider silent = new ScriptedProvider("silent", "a").answersAfter(Duration.ofMinutes(10), "late");
		FallbackRouter router = router(silent);

		StepVerifier.withVirtualTime(() -> router.chat(REQUEST), () -> this.time, 1)
			.expectSubscription()
			.expectNoEvent(Duration.ofSeconds(119))
			.thenAwait(Duration.ofSeconds(1))
			.expectErrorSatisfies((failure) -> assertThat(failure).isInstanceOf(AllProvidersFailedException.class)
				.hasMessageContaining("deadline of 2 min ran out"))
			.verify();
	}

	@Test
	void aStreamNeverSwitchesTargetAfterItsFirstChunk() {
		ScriptedProvider primary = new ScriptedProvider("primary", "a").breaksAfterFirstChunk();
		ScriptedProvider secondary = new ScriptedProvider("secondary", "s");
		FallbackRouter router = router(primary, secondary);

		StepVerifier.create(router.stream(REQUEST))
			.assertNext((chunk) -> assertThat(chunk.text()).isEqualTo("partial"))
			.expectError(ChatStreamInterruptedException.class)
			.verify(Duration.ofSeconds(5));
		assertThat(secondary.calls()).isZero();
	}

	@Test
	void aStreamFallsBackBeforeItsFirstChunk() {
		ScriptedProvider primary = new ScriptedProvider("primary", "a").fails(AttemptOutcome.RATE_LIMITED);
		FallbackRouter router = router(primary, new ScriptedProvider("secondary", "s").answers("streamed"));

		List<ChatChunk> chunks = router.stream(REQUEST).collectList().block(Duration.ofSeconds(5));

		assertThat(chunks).extracting(ChatChunk::text).containsExactly("streamed", "");
		assertThat(describe(chunks.get(1).attempts())).isEqualTo("RATE_LIMITED SUCCEEDED@secondary");
	}

	@Test
	void aProviderThatThrowsInsteadOfSignallingIsThatTargetsFailure() {
		ScriptedProvider broken = new ScriptedProvider("broken", "a").throwsSynchronously();
		FallbackRouter router = router(broken, new ScriptedProvider("secondary", "s").answers("fine"));

		ChatResponse answer = call(router);
		List<ChatChunk> chunks = router.stream(REQUEST).collectList().block(Duration.ofSeconds(5));

		assertThat(answer.content()).isEqualTo("fine");
		assertThat(answer.attempts().get(0).detail()).contains("IllegalStateException: provider bug");
		assertThat(chunks).extracting(ChatChunk::provider).containsOnly("secondary");
	}

	@Test
	void theAllFailedHintWaitsForTheSoonestTargetOnlyWhenEveryTargetIsCooling() {
		ScriptedProvider flaky = new ScriptedProvider("flaky", "a").fails(AttemptOutcome.SERVER_ERROR);
		ScriptedProvider rejected = new ScriptedProvider("rejected", "b").fails(AttemptOutcome.AUTHENTICATION_FAILED);
		FallbackRouter router = router(flaky, rejected);

		assertThat(failure(router).getRetryAfter()).as("flaky is not cooling: the next call tries it").isNull();
		AllProvidersFailedException second = failure(router);
		assertThat(second.getRetryAfter()).as("flaky now cools for 30 s, rejected for 5 min")
			.isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void listenersHearEveryStepInOrder() {
		ScriptedProvider primary = new ScriptedProvider("primary", "a").fails(AttemptOutcome.RATE_LIMITED);
		FallbackRouter router = router(primary, new ScriptedProvider("secondary", "s"));

		call(router);

		assertThat(this.events).extracting((event) -> event.getClass().getSimpleName())
			.containsExactly("AttemptStarted", "CooldownStarted", "AttemptFinished", "FallingBack", "AttemptStarted",
					"AttemptFinished", "CallSucceeded");
		assertThat(this.events.get(this.events.size() - 1)).isEqualTo(new FallbackListener.CallSucceeded("default",
				"secondary", "s", ((FallbackListener.CallSucceeded) this.events.get(6)).attempts(), true, false));
	}

	@Test
	void aSharedStateStoreLetsOneInstanceSkipWhatAnotherSawFail() {
		TargetStateStore shared = new InMemoryTargetStateStore(this.clock);
		ScriptedProvider primary = new ScriptedProvider("primary", "a").fails(AttemptOutcome.RATE_LIMITED);
		FallbackRouter first = router(shared, primary, new ScriptedProvider("secondary", "s"));
		FallbackRouter second = router(shared, primary, new ScriptedProvider("secondary", "s"));

		call(first);

		assertThat(describe(call(second))).isEqualTo("SKIPPED SUCCEEDED@secondary");
		assertThat(primary.calls()).isOne();
	}

	private FallbackRouter router(ScriptedProvider... providers) {
		return router(this.states, providers);
	}

	private FallbackRouter router(TargetStateStore states, ScriptedProvider... providers) {
		List<ProviderPolicies> routes = Arrays.stream(providers)
			.map((provider) -> new ProviderPolicies(provider, RETRY, COOLDOWN, TIMEOUTS))
			.toList();
		return new FallbackRouter(routes, List.of(), Route.DEFAULT, List.of(), Duration.ofMinutes(2), states,
				FailurePolicy.STANDARD, SecretRedactor.patternsOnly(), FailureAdvice.BY_NAME, new Recorder(),
				FallbackObservations.NOOP, this.clock::nanoTime);
	}

	private ChatResponse call(FallbackRouter router) {
		AtomicReference<ChatResponse> answer = new AtomicReference<>();
		AtomicReference<Throwable> failure = new AtomicReference<>();
		router.chat(REQUEST).subscribe(answer::set, failure::set);
		advanceUntil(() -> answer.get() != null || failure.get() != null);
		assertThat(failure.get()).isNull();
		return answer.get();
	}

	private AllProvidersFailedException failure(FallbackRouter router) {
		AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
		router.chat(REQUEST).subscribe((answer) -> {
		}, failure::set);
		advanceUntil(() -> failure.get() != null);
		assertThat(failure.get()).isInstanceOf(AllProvidersFailedException.class);
		return (AllProvidersFailedException) failure.get();
	}

	/** Move virtual time on only as far as the call needs, so cooldowns stay running. */
	private void advanceUntil(BooleanSupplier done) {
		this.time.advanceTime();
		for (int step = 0; step < 3_000 && !done.getAsBoolean(); step++) {
			this.time.advanceTimeBy(Duration.ofMillis(100));
		}
	}

	private static String describe(ChatResponse response) {
		return describe(response.attempts());
	}

	private static String describe(List<Attempt> attempts) {
		return String.join(" ",
				attempts.stream()
					.map((attempt) -> attempt.outcome()
							+ ((attempt.outcome() == AttemptOutcome.SUCCEEDED) ? "@" + attempt.provider() : ""))
					.toList());
	}

	/** Keeps every event, in order. */
	private final class Recorder implements FallbackListener {

		@Override
		public void onAttemptStarted(AttemptStarted event) {
			FallbackRouterTests.this.events.add(event);
		}

		@Override
		public void onAttemptFinished(AttemptFinished event) {
			FallbackRouterTests.this.events.add(event);
		}

		@Override
		public void onTargetSkipped(TargetSkipped event) {
			FallbackRouterTests.this.events.add(event);
		}

		@Override
		public void onRetryScheduled(RetryScheduled event) {
			FallbackRouterTests.this.events.add(event);
		}

		@Override
		public void onFallingBack(FallingBack event) {
			FallbackRouterTests.this.events.add(event);
		}

		@Override
		public void onCooldownStarted(CooldownStarted event) {
			FallbackRouterTests.this.events.add(event);
		}

		@Override
		public void onCooldownEnded(CooldownEnded event) {
			FallbackRouterTests.this.events.add(event);
		}

		@Override
		public void onCallSucceeded(CallSucceeded event) {
			FallbackRouterTests.this.events.add(event);
		}

		@Override
		public void onCallFailed(CallFailed event) {
			FallbackRouterTests.this.events.add(event);
		}

	}

}
