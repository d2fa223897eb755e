package io.github.fallbackllm.benchmarks;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.fallbackllm.FallbackChatService;
import io.github.fallbackllm.benchmarks.support.Arguments;
import io.github.fallbackllm.benchmarks.support.AsyncLoad;
import io.github.fallbackllm.benchmarks.support.HeapSampler;
import io.github.fallbackllm.benchmarks.support.LoadResult;
import io.github.fallbackllm.benchmarks.support.Results;
import io.github.fallbackllm.benchmarks.support.StubEndpoints;
import reactor.netty.http.HttpResources;

/**
 * Scenario 4, scale: thousands of calls in flight against a slow stub, in a JVM with a
 * small heap. By Little's law a closed loop of {@code N} calls against a stub that takes
 * {@code L} can complete at most {@code N / L} calls a second; the scenario reports the
 * throughput against that limit, the errors, and the peak heap. The harness runs it with
 * Reactor Netty's default connection pool and with the pool raised.
 *
 * @author Fallback LLM contributors
 */
final class ScaleScenario {

	private ScaleScenario() {
	}

	static void run(Arguments arguments) {
		StubEndpoints stub = new StubEndpoints(arguments.get("stub"));
		String run = arguments.get("run");
		String client = arguments.get("client");
		int inFlight = arguments.getInt("in-flight", 5000);
		int latencyMillis = arguments.getInt("latency", 500);
		int rounds = arguments.getInt("rounds", 3);
		Duration warmup = arguments.getSeconds("warmup", Duration.ofSeconds(3));
		Duration window = arguments.getSeconds("window", Duration.ofSeconds(5));
		String baseUrl = stub.baseUrl(run + "-scale-" + client, "ok-lat" + latencyMillis);
		AsyncLoad.Call call;
		if (client.equals("webclient")) {
			RawWebClient raw = new RawWebClient(baseUrl);
			call = Reactive.mono(raw::chat);
		}
		else {
			FallbackChatService service = OurClients.service(baseUrl, null);
			call = Reactive.mono(() -> service.chatAsync(OurClients.REQUEST));
		}
		try (HeapSampler heap = new HeapSampler()) {
			for (int round = 1; round <= rounds; round++) {
				LoadResult result = AsyncLoad.run(call, inFlight, (round == 1) ? warmup : Duration.ofSeconds(1),
						window);
				Map<String, Object> fields = new LinkedHashMap<>();
				fields.put("client", client.equals("webclient") ? ClientMain.WEBCLIENT : ClientMain.FALLBACK);
				fields.put("pool", arguments.get("pool"));
				fields.put("poolMaxConnections", HttpResources.get().maxConnections());
				fields.put("inFlight", inFlight);
				fields.put("latencyMs", latencyMillis);
				fields.put("round", round);
				fields.put("littleLimit", inFlight * 1000.0 / latencyMillis);
				fields.putAll(result.fields());
				fields.put("peakHeapMb", heap.peakUsedBytes() / 1048576.0);
				fields.put("maxHeapMb", HeapSampler.maxBytes() / 1048576.0);
				Results.emit("scale", fields);
			}
		}
	}

}
