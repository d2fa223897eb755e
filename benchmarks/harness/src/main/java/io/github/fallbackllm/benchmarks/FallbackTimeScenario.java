package io.github.fallbackllm.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.fallbackllm.FallbackChatService;
import io.github.fallbackllm.benchmarks.support.Arguments;
import io.github.fallbackllm.benchmarks.support.CannedChat;
import io.github.fallbackllm.benchmarks.support.LatencyRecorder;
import io.github.fallbackllm.benchmarks.support.Results;
import io.github.fallbackllm.benchmarks.support.Stats;
import io.github.fallbackllm.benchmarks.support.StubEndpoints;
import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.provider.LlmProvider;
import io.github.fallbackllm.provider.ProviderException;
import org.jspecify.annotations.Nullable;

/**
 * Scenario 2, time to fallback: the primary answers 429 with {@code retry-after: 30}, the
 * secondary answers. One call at a time, four kinds of call interleaved sample by sample:
 * <ul>
 * <li>{@code direct}: the secondary provider called directly, the baseline;</li>
 * <li>{@code roundTrip}: the primary provider called directly, one primary round
 * trip;</li>
 * <li>{@code firstCall}: a fresh service, which does not yet know the primary is limited,
 * so it pays one primary round trip before falling back;</li>
 * <li>{@code steady}: a service whose primary is cooling down, skipped without a
 * call.</li>
 * </ul>
 * Each kind has its own stub key, so the primary requests of each are counted apart.
 *
 * @author Fallback LLM contributors
 */
final class FallbackTimeScenario {

	private FallbackTimeScenario() {
	}

	static void run(Arguments arguments) {
		StubEndpoints stub = new StubEndpoints(arguments.get("stub"));
		String run = arguments.get("run");
		int rounds = arguments.getInt("rounds", 3);
		int samples = arguments.getInt("samples", 200);
		LlmProvider secondary = OurClients.provider("secondary", stub.baseUrl(run + "-ft-secondary", "ok"));
		LlmProvider roundTripPrimary = OurClients.provider("primary", stub.baseUrl(run + "-ft-roundtrip", "ratelimit"));
		LlmProvider firstCallPrimary = OurClients.provider("primary", stub.baseUrl(run + "-ft-first", "ratelimit"));
		String steadyKey = run + "-ft-steady";
		FallbackChatService steady = FallbackChatService.builder()
			.provider(OurClients.provider("primary", stub.baseUrl(steadyKey, "ratelimit")))
			.provider(secondary)
			.build();
		Map<String, Kind> kinds = new LinkedHashMap<>();
		kinds.put("direct", () -> {
			secondary.chat(CannedChat.MODEL, OurClients.REQUEST).block();
			return () -> {
			};
		});
		kinds.put("roundTrip", () -> {
			try {
				roundTripPrimary.chat(CannedChat.MODEL, OurClients.REQUEST).block();
			}
			catch (ProviderException ex) {
				return () -> expect(ex.getOutcome() == AttemptOutcome.RATE_LIMITED, "primary rate limited", ex);
			}
			return () -> expect(false, "primary rate limited", null);
		});
		kinds.put("firstCall", new Kind() {

			@Override
			public Check call() {
				FallbackChatService fresh = this.next;
				this.next = null;
				ChatResponse response = fresh.chat(OurClients.REQUEST);
				return () -> expect(
						response.provider().equals("secondary")
								&& response.attempts().get(0).outcome() == AttemptOutcome.RATE_LIMITED,
						"fallback after a 429", response);
			}

			private @Nullable FallbackChatService next;

			@Override
			public void prepare() {
				this.next = FallbackChatService.builder().provider(firstCallPrimary).provider(secondary).build();
			}

		});
		kinds.put("steady", () -> {
			ChatResponse response = steady.chat(OurClients.REQUEST);
			return () -> expect(response.provider().equals("secondary"), "an answer from the secondary", response);
		});
		sample(kinds, Math.max(samples / 4, 20), null);
		long steadyHitsBefore = stub.hits(steadyKey);
		for (int round = 1; round <= rounds; round++) {
			Map<String, LatencyRecorder> latencies = new LinkedHashMap<>();
			kinds.keySet().forEach((kind) -> latencies.put(kind, new LatencyRecorder()));
			long firstHits = stub.hits(run + "-ft-first");
			long steadyHits = stub.hits(steadyKey);
			sample(kinds, samples, latencies);
			Map<String, Object> fields = new LinkedHashMap<>();
			fields.put("round", round);
			fields.put("samples", samples);
			latencies.forEach((kind, recorder) -> {
				long[] sorted = recorder.sorted();
				fields.put(kind + "P50Us", Stats.percentile(sorted, 50) / 1e3);
				fields.put(kind + "P99Us", Stats.percentile(sorted, 99) / 1e3);
			});
			fields.put("firstCallPrimaryHits", stub.hits(run + "-ft-first") - firstHits);
			fields.put("steadyPrimaryHits", stub.hits(steadyKey) - steadyHits);
			Results.emit("fallback-time", fields);
		}
		Results.emit("fallback-time-total", Map.of("steadyPrimaryHits", stub.hits(steadyKey) - steadyHitsBefore));
	}

	private static void sample(Map<String, Kind> kinds, int samples, @Nullable Map<String, LatencyRecorder> latencies) {
		for (int i = 0; i < samples; i++) {
			for (Map.Entry<String, Kind> kind : kinds.entrySet()) {
				kind.getValue().prepare();
				long start = System.nanoTime();
				Check check = kind.getValue().call();
				long nanos = System.nanoTime() - start;
				check.verify();
				if (latencies != null) {
					latencies.get(kind.getKey()).record(nanos);
				}
			}
		}
	}

	private static void expect(boolean condition, String expectation, @Nullable Object actual) {
		if (!condition) {
			throw new IllegalStateException("Expected " + expectation + " but got " + actual);
		}
	}

	/**
	 * One kind of call: what it does untimed beforehand, and the timed call, which
	 * returns the check of its result to run after the clock stops.
	 */
	@FunctionalInterface
	private interface Kind {

		Check call();

		default void prepare() {
		}

	}

	@FunctionalInterface
	private interface Check {

		void verify();

	}

}
