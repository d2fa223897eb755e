package io.github.fallbackllm.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.fallbackllm.FallbackChatService;
import io.github.fallbackllm.benchmarks.support.Arguments;
import io.github.fallbackllm.benchmarks.support.AsyncLoad;
import io.github.fallbackllm.benchmarks.support.LoadResult;
import io.github.fallbackllm.benchmarks.support.Results;
import io.github.fallbackllm.benchmarks.support.StubEndpoints;

/**
 * Scenario 1, overhead on success: {@link FallbackChatService#chatAsync} against the raw
 * {@code WebClient} call, both non-blocking, at several concurrencies, against a stub
 * that answers at once; or, as the {@value #OBSERVATIONS} run, the library with
 * observations on against off. The two alternate within each round (ABBA order), in one
 * JVM and on one connection pool, so that drift and noise hit both alike.
 *
 * @author Fallback LLM contributors
 */
final class OverheadScenario {

	/**
	 * The run that compares this library with observations on (a registry with a meter
	 * handler, the meter listener and token meters, as Spring Boot's actuator sets it up)
	 * and off, instead of with the raw baseline.
	 */
	static final String OBSERVATIONS = "observations";

	private OverheadScenario() {
	}

	static void run(Arguments arguments) {
		StubEndpoints stub = new StubEndpoints(arguments.get("stub"));
		String run = arguments.get("run");
		Duration warmup = arguments.getSeconds("warmup", Duration.ofSeconds(3));
		Duration window = arguments.getSeconds("window", Duration.ofSeconds(3));
		int rounds = arguments.getInt("rounds", 3);
		for (String level : arguments.getList("concurrency", "1,64,512")) {
			int concurrency = Integer.parseInt(level);
			Map<String, AsyncLoad.Call> clients = new LinkedHashMap<>();
			FallbackChatService service = OurClients.service(stub.baseUrl(run + "-ours-" + concurrency, "ok"), null);
			if (run.equals(OBSERVATIONS)) {
				FallbackChatService observed = OurClients
					.observedService(stub.baseUrl(run + "-observed-" + concurrency, "ok"));
				clients.put(ClientMain.FALLBACK, Reactive.mono(() -> service.chatAsync(OurClients.REQUEST)));
				clients.put(ClientMain.OBSERVED, Reactive.mono(() -> observed.chatAsync(OurClients.REQUEST)));
			}
			else {
				RawWebClient raw = new RawWebClient(stub.baseUrl(run + "-raw-" + concurrency, "ok"));
				clients.put(ClientMain.WEBCLIENT, Reactive.mono(raw::chat));
				clients.put(ClientMain.FALLBACK, Reactive.mono(() -> service.chatAsync(OurClients.REQUEST)));
			}
			clients.values().forEach((call) -> AsyncLoad.run(call, concurrency, warmup, Duration.ofMillis(1)));
			for (int round = 1; round <= rounds; round++) {
				List<String> order = new ArrayList<>(clients.keySet());
				if (round % 2 == 0) {
					Collections.reverse(order);
				}
				for (String client : order) {
					LoadResult result = AsyncLoad.run(clients.get(client), concurrency, Duration.ofMillis(500), window);
					Map<String, Object> fields = new LinkedHashMap<>();
					fields.put("client", client);
					fields.put("concurrency", concurrency);
					fields.put("round", round);
					fields.putAll(result.fields());
					Results.emit(run, fields);
				}
			}
		}
	}

}
