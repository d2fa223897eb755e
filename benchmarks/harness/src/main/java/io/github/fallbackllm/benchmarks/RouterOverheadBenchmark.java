package io.github.fallbackllm.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.fallbackllm.FallbackChatService;
import io.github.fallbackllm.budget.BudgetLimits;
import io.github.fallbackllm.budget.OverBudget;
import io.github.fallbackllm.budget.TargetBudget;
import io.github.fallbackllm.budget.TokenEstimate;
import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.chat.FinishReason;
import io.github.fallbackllm.chat.TokenUsage;
import io.github.fallbackllm.provider.LlmProvider;
import io.github.fallbackllm.provider.ProviderException;
import io.github.fallbackllm.routing.AttemptTimeouts;
import io.github.fallbackllm.routing.CooldownSettings;
import io.github.fallbackllm.routing.RetrySettings;
import io.github.fallbackllm.routing.Route;
import io.github.fallbackllm.routing.RouteGroup;
import io.github.fallbackllm.routing.RouteTarget;
import io.github.fallbackllm.routing.selection.TargetSelectors;
import io.github.fallbackllm.routing.ProviderPolicies;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import reactor.core.publisher.Mono;

/**
 * The router's own cost per call, without any network: providers that answer from memory
 * at once. {@code provider} calls one directly and is the baseline; the other benchmarks
 * call it through {@link FallbackChatService}, with a healthy chain (the ordered
 * {@code default} route), with the same chain observed into a meter registry, with a
 * chain whose first target is cooling down, and with routes whose one group of two
 * targets is {@code weighted} or {@code least-busy}. {@code …OneTargetRoute} and
 * {@code …BudgetedRoute} are the same route of one target, without and with declared
 * {@code rpm} and {@code tpm} (more than a run spends): the pair prices budgets, a share
 * taken before the call and the tokens settled after; {@code targetBudgetAlone} is that
 * work alone. {@code twoObservationsAlone} is the floor of the observed call that
 * Micrometer sets: the two observations of a call with the same handlers and key values,
 * and nothing else.
 *
 * @author Fallback LLM contributors
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RouterOverheadBenchmark {

	private static final String MODEL = "m";

	private final ChatRequest request = OurClients.REQUEST;

	private LlmProvider instant;

	private FallbackChatService service;

	private FallbackChatService skipping;

	private FallbackChatService observed;

	private ObservationRegistry observations;

	private FallbackChatService weighted;

	private FallbackChatService leastBusy;

	private FallbackChatService oneTarget;

	private FallbackChatService budgeted;

	private final TargetBudget budget = new TargetBudget(BudgetLimits.MAX, BudgetLimits.MAX);

	@Setup
	public void setUp() {
		this.instant = new InstantProvider("instant");
		this.service = FallbackChatService.builder().provider(this.instant).build();
		this.observed = OurClients.observed(FallbackChatService.builder().provider(this.instant)).build();
		this.observations = OurClients.observationRegistry(new SimpleMeterRegistry());
		CooldownSettings longCooldown = new CooldownSettings(3, Duration.ofHours(1), Duration.ofHours(1));
		this.skipping = FallbackChatService.builder()
			.provider(new ProviderPolicies(new RateLimitedProvider(), RetrySettings.DEFAULTS, longCooldown,
					AttemptTimeouts.DEFAULTS))
			.provider(new InstantProvider("instant-secondary"))
			.build();
		FallbackChatService balanced = FallbackChatService.builder()
			.provider(this.instant)
			.provider(new InstantProvider("instant-second"))
			.route(Route.builder("weighted")
				.group(RouteGroup.of(TargetSelectors.WEIGHTED, RouteTarget.of("instant/" + MODEL, 3),
						RouteTarget.of("instant-second/" + MODEL, 1)))
				.build())
			.route(Route.builder("least-busy")
				.group(RouteGroup.of(TargetSelectors.LEAST_BUSY, RouteTarget.of("instant/" + MODEL),
						RouteTarget.of("instant-second/" + MODEL)))
				.build())
			.build();
		this.weighted = balanced.route("weighted");
		this.leastBusy = balanced.route("least-busy");
		this.oneTarget = oneTargetRoute(RouteTarget.of("unmetered/" + MODEL));
		this.budgeted = oneTargetRoute(
				RouteTarget.of("unmetered/" + MODEL).withBudget(BudgetLimits.MAX, BudgetLimits.MAX));
		ChatResponse primed = this.skipping.chat(this.request);
		if (primed.attempts().get(0).outcome() != AttemptOutcome.RATE_LIMITED) {
			throw new IllegalStateException("Expected the first target to be rate limited: " + primed.attempts());
		}
	}

	@Benchmark
	public ChatResponse provider() {
		return this.instant.chat(MODEL, this.request).block();
	}

	@Benchmark
	public ChatResponse fallbackChatService() {
		return this.service.chat(this.request);
	}

	@Benchmark
	public ChatResponse fallbackChatServiceObserved() {
		return this.observed.chat(this.request);
	}

	@Benchmark
	public ChatResponse fallbackChatServiceSkippingCooledTarget() {
		return this.skipping.chat(this.request);
	}

	@Benchmark
	public Observation twoObservationsAlone() {
		Observation call = Observation.createNotStarted("llm.fallback.call", this.observations)
			.lowCardinalityKeyValues(
					KeyValues.of("gen_ai.operation.name", "chat", "gen_ai.request.model", MODEL, "hops", "0",
							"llm.fallback.provider", "instant", "llm.fallback.stream", "false", "outcome", "served"))
			.start();
		Observation attempt = Observation.createNotStarted("gen_ai.client.operation", this.observations)
			.parentObservation(call)
			.lowCardinalityKeyValues(KeyValues.of("gen_ai.operation.name", "chat", "gen_ai.provider.name", "custom",
					"gen_ai.request.model", MODEL, "gen_ai.response.model", MODEL, "llm.fallback.provider", "instant",
					"server.address", "none"))
			.start();
		attempt.stop();
		call.stop();
		return call;
	}

	@Benchmark
	public ChatResponse fallbackChatServiceWeightedRoute() {
		return this.weighted.chat(this.request);
	}

	@Benchmark
	public ChatResponse fallbackChatServiceLeastBusyRoute() {
		return this.leastBusy.chat(this.request);
	}

	@Benchmark
	public ChatResponse fallbackChatServiceOneTargetRoute() {
		return this.oneTarget.chat(this.request);
	}

	@Benchmark
	public ChatResponse fallbackChatServiceBudgetedRoute() {
		return this.budgeted.chat(this.request);
	}

	@Benchmark
	public @Nullable OverBudget targetBudgetAlone() {
		Instant now = Instant.now();
		long estimate = TokenEstimate.of(this.request);
		OverBudget refused = this.budget.tryAcquire(now, estimate);
		this.budget.settle(now, now, estimate, 0);
		return refused;
	}

	/**
	 * A service whose one route has one target, answered by a provider that reports no
	 * tokens: with the largest limits a window counts, a run of any speed spends neither
	 * in a minute, as the tokens taken up front settle to nothing.
	 */
	private FallbackChatService oneTargetRoute(RouteTarget target) {
		return FallbackChatService.builder()
			.provider(new InstantProvider("unmetered", new TokenUsage(0, 0)))
			.route(Route.builder("one").group(RouteGroup.ordered(target)).build())
			.build()
			.route("one");
	}

	/**
	 * Answers from memory at once.
	 */
	static final class InstantProvider implements LlmProvider {

		private final String name;

		private final Mono<ChatResponse> answer;

		InstantProvider(String name) {
			this(name, new TokenUsage(57, 64));
		}

		InstantProvider(String name, TokenUsage usage) {
			this.name = name;
			this.answer = Mono.just(new ChatResponse("Use four cavity-wall anchors.", name, MODEL, FinishReason.STOP,
					usage, List.of()));
		}

		@Override
		public String name() {
			return this.name;
		}

		@Override
		public List<String> models() {
			return List.of(MODEL);
		}

		@Override
		public Mono<ChatResponse> chat(String model, ChatRequest request) {
			return this.answer;
		}

	}

	/**
	 * Answers every call with a rate limit of an hour.
	 */
	static final class RateLimitedProvider implements LlmProvider {

		@Override
		public String name() {
			return "limited";
		}

		@Override
		public List<String> models() {
			return List.of(MODEL);
		}

		@Override
		public Mono<ChatResponse> chat(String model, ChatRequest request) {
			return Mono.error(new ProviderException(AttemptOutcome.RATE_LIMITED, 429, "rate_limit_exceeded",
					"rate limited", Duration.ofHours(1), null));
		}

	}

}
