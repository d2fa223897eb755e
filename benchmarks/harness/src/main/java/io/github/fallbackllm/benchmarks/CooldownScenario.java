package io.github.fallbackllm.benchmarks;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import io.github.fallbackllm.FallbackChatService;
import io.github.fallbackllm.benchmarks.support.Arguments;
import io.github.fallbackllm.benchmarks.support.AsyncLoad;
import io.github.fallbackllm.benchmarks.support.Failures;
import io.github.fallbackllm.benchmarks.support.LoadResult;
import io.github.fallbackllm.benchmarks.support.Results;
import io.github.fallbackllm.benchmarks.support.StubEndpoints;

/**
 * Scenario 3, cooldown efficiency: a fixed number of calls at a fixed concurrency while
 * the primary answers every request with 429 {@code retry-after: 30}; how many reach the
 * primary. Each round starts from a fresh service, so it includes the burst of calls
 * already in flight when the first 429 arrives. Run with a healthy secondary (the
 * scenario of the issue), with the primary alone, and with the primary alone and calls
 * spaced out in time.
 *
 * @author Fallback LLM contributors
 */
final class CooldownScenario {

	/** Calls of the spaced variant, which shows what each lone call does. */
	private static final int SPACED_CALLS = 100;

	private static final Duration SPACING = Duration.ofMillis(10);

	private CooldownScenario() {
	}

	static void run(Arguments arguments) {
		StubEndpoints stub = new StubEndpoints(arguments.get("stub"));
		String run = arguments.get("run");
		int rounds = arguments.getInt("rounds", 3);
		int calls = arguments.getInt("calls", 10_000);
		int concurrency = arguments.getInt("concurrency", 100);
		List<Variant> variants = List.of(new Variant("with-secondary", true, calls, concurrency),
				new Variant("primary-only", false, calls, concurrency));
		for (Variant variant : variants) {
			for (int round = 1; round <= rounds; round++) {
				String primaryKey = run + "-cd-" + variant.name() + "-" + round;
				String secondaryKey = primaryKey + "-secondary";
				FallbackChatService service = OurClients.service(stub.baseUrl(primaryKey, "ratelimit"),
						variant.secondary() ? stub.baseUrl(secondaryKey, "ok") : null);
				LoadResult result = AsyncLoad.runCalls(Reactive.mono(() -> service.chatAsync(OurClients.REQUEST)),
						variant.concurrency(), variant.calls(), Duration.ofMinutes(2));
				Map<String, Object> fields = new LinkedHashMap<>();
				fields.put("variant", variant.name());
				fields.put("round", round);
				fields.put("concurrency", variant.concurrency());
				fields.put("calls", variant.calls());
				fields.put("answered", result.calls());
				fields.put("failed", result.errors());
				fields.put("primaryHits", stub.hits(primaryKey));
				fields.put("secondaryHits", stub.hits(secondaryKey));
				fields.put("seconds", result.nanos() / 1e9);
				if (!result.errorSamples().isEmpty()) {
					fields.put("error", result.errorSamples().get(0));
				}
				Results.emit("cooldown", fields);
			}
		}
		spaced(stub, run, rounds);
	}

	/**
	 * The primary alone, called now and then rather than in a burst: one blocking call at
	 * a time with a pause between calls, as a low-traffic application makes them.
	 */
	private static void spaced(StubEndpoints stub, String run, int rounds) {
		for (int round = 1; round <= rounds; round++) {
			String primaryKey = run + "-cd-spaced-" + round;
			FallbackChatService service = OurClients.service(stub.baseUrl(primaryKey, "ratelimit"), null);
			long failed = 0;
			String error = null;
			long start = System.nanoTime();
			for (int i = 0; i < SPACED_CALLS; i++) {
				try {
					service.chat(OurClients.REQUEST);
				}
				catch (RuntimeException ex) {
					failed++;
					error = (error != null) ? error : Failures.describe(ex);
				}
				LockSupport.parkNanos(SPACING.toNanos());
			}
			Map<String, Object> fields = new LinkedHashMap<>();
			fields.put("variant", "primary-only-spaced");
			fields.put("round", round);
			fields.put("concurrency", 1);
			fields.put("calls", SPACED_CALLS);
			fields.put("spacingMs", SPACING.toMillis());
			fields.put("answered", SPACED_CALLS - failed);
			fields.put("failed", failed);
			fields.put("primaryHits", stub.hits(primaryKey));
			fields.put("secondaryHits", 0);
			fields.put("seconds", (System.nanoTime() - start) / 1e9);
			if (error != null) {
				fields.put("error", error);
			}
			Results.emit("cooldown", fields);
		}
	}

	private record Variant(String name, boolean secondary, int calls, int concurrency) {
	}

}
