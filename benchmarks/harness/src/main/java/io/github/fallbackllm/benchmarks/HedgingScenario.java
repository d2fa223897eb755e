package io.github.fallbackllm.benchmarks;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.fallbackllm.FallbackChatService;
import io.github.fallbackllm.benchmarks.support.Arguments;
import io.github.fallbackllm.benchmarks.support.Results;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.chat.FinishReason;
import io.github.fallbackllm.chat.TokenUsage;
import io.github.fallbackllm.provider.LlmProvider;
import io.github.fallbackllm.routing.HedgeSettings;
import io.github.fallbackllm.routing.Route;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Tail latency with and without hedging, in one run: a primary that answers in 200 ms for
 * 95 % of calls and in 5 s for 5 % (seeded), a secondary that answers in 300 ms;
 * in-memory providers (no HTTP), real time, many calls in flight. Reports p50, p99, the
 * slowest call and the extra provider calls of each policy ({@code --calls},
 * {@code --concurrency}).
 *
 * @author Fallback LLM contributors
 */
final class HedgingScenario {

	private HedgingScenario() {
	}

	/** The policies compared, in the order of the report. */
	static final List<String> POLICIES = List.of("without hedging", "hedge after 250ms", "hedge after 800ms",
			"hedge after p95");

	static void run(Arguments arguments) {
		int calls = arguments.getInt("calls", 10_000);
		int concurrency = arguments.getInt("concurrency", 100);
		run(POLICIES.get(0), null, calls, concurrency);
		run(POLICIES.get(1), HedgeSettings.after(Duration.ofMillis(250)), calls, concurrency);
		run(POLICIES.get(2), HedgeSettings.after(Duration.ofMillis(800)), calls, concurrency);
		run(POLICIES.get(3), HedgeSettings.afterQuantile(0.95), calls, concurrency);
	}

	private static void run(String label, @Nullable HedgeSettings hedge, int calls, int concurrency) {
		Stub primary = new Stub("primary", new Random(42), 0.05, Duration.ofMillis(200), Duration.ofSeconds(5));
		Stub secondary = new Stub("secondary", new Random(7), 0, Duration.ofMillis(300), Duration.ofMillis(300));
		Route.Builder route = Route.builder("bench").group("primary/m").group("secondary/m");
		if (hedge != null) {
			route.hedge(hedge);
		}
		FallbackChatService service = FallbackChatService.builder()
			.provider(primary)
			.provider(secondary)
			.route(route.build())
			.timeout(Duration.ofSeconds(30))
			.build()
			.route("bench");
		long[] nanos = new long[calls];
		Flux.range(0, calls).flatMap((i) -> {
			long start = System.nanoTime();
			return service.chatAsync(ChatRequest.of("Hi")).doOnNext((answer) -> nanos[i] = System.nanoTime() - start);
		}, concurrency).blockLast();
		Arrays.sort(nanos);
		int extra = primary.calls.get() + secondary.calls.get() - calls;
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("policy", label);
		fields.put("calls", calls);
		fields.put("concurrency", concurrency);
		fields.put("p50Ms", millis(nanos, 0.50));
		fields.put("p99Ms", millis(nanos, 0.99));
		fields.put("maxMs", nanos[calls - 1] / 1_000_000);
		fields.put("extraCalls", extra);
		Results.emit("hedging", fields);
	}

	private static long millis(long[] sorted, double quantile) {
		return sorted[(int) Math.ceil(quantile * sorted.length) - 1] / 1_000_000;
	}

	/** A provider in memory whose answers take a seeded random time. */
	private static final class Stub implements LlmProvider {

		private final String name;

		private final Random random;

		private final double slowShare;

		private final Duration usual;

		private final Duration slow;

		final AtomicInteger calls = new AtomicInteger();

		Stub(String name, Random random, double slowShare, Duration usual, Duration slow) {
			this.name = name;
			this.random = random;
			this.slowShare = slowShare;
			this.usual = usual;
			this.slow = slow;
		}

		@Override
		public String name() {
			return this.name;
		}

		@Override
		public List<String> models() {
			return List.of("m");
		}

		@Override
		public Mono<ChatResponse> chat(String model, ChatRequest request) {
			return Mono.defer(() -> {
				this.calls.incrementAndGet();
				boolean slowOne;
				synchronized (this.random) {
					slowOne = this.random.nextDouble() < this.slowShare;
				}
				return Mono.delay(slowOne ? this.slow : this.usual)
					.map((tick) -> new ChatResponse("ok", this.name, model, FinishReason.STOP, new TokenUsage(1, 1),
							List.of()));
			});
		}

	}

}
