package io.github.fallbackllm.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.fallbackllm.FallbackChatService;
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
import io.github.fallbackllm.routing.ProviderPolicies;
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
 * call it through {@link FallbackChatService}, with a healthy chain, with the same chain
 * observed into a meter registry, and with a chain whose first target is cooling down.
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

	@Setup
	public void setUp() {
		this.instant = new InstantProvider("instant");
		this.service = FallbackChatService.builder().provider(this.instant).build();
		this.observed = OurClients.observed(FallbackChatService.builder().provider(this.instant)).build();
		CooldownSettings longCooldown = new CooldownSettings(3, Duration.ofHours(1), Duration.ofHours(1));
		this.skipping = FallbackChatService.builder()
			.provider(new ProviderPolicies(new RateLimitedProvider(), RetrySettings.DEFAULTS, longCooldown,
					AttemptTimeouts.DEFAULTS))
			.provider(new InstantProvider("instant-secondary"))
			.build();
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

	/**
	 * Answers from memory at once.
	 */
	static final class InstantProvider implements LlmProvider {

		private final String name;

		private final Mono<ChatResponse> answer;

		InstantProvider(String name) {
			this.name = name;
			this.answer = Mono.just(new ChatResponse("Use four cavity-wall anchors.", name, MODEL, FinishReason.STOP,
					new TokenUsage(57, 64), List.of()));
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
