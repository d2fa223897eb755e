package io.github.fallbackllm.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.github.fallbackllm.FallbackChatService;
import io.github.fallbackllm.FallbackEmbeddingService;
import io.github.fallbackllm.benchmarks.support.Arguments;
import io.github.fallbackllm.benchmarks.support.AsyncLoad;
import io.github.fallbackllm.benchmarks.support.CannedChat;
import io.github.fallbackllm.benchmarks.support.LoadResult;
import io.github.fallbackllm.benchmarks.support.Results;
import io.github.fallbackllm.benchmarks.support.StubEndpoints;
import io.github.fallbackllm.embedding.EmbeddingRequest;

/**
 * Embedding calls on success: {@link FallbackEmbeddingService#embed} against a raw
 * {@code WebClient} call of the same endpoint, both non-blocking, {@value #INPUTS} inputs
 * per call answered with {@value #DIMENSIONS}-dimension vectors in base64, as both ask.
 * The two alternate within each round (ABBA order), in one JVM and on one connection
 * pool, as in the overhead scenario.
 *
 * @author Fallback LLM contributors
 */
final class EmbeddingScenario {

	/** Inputs per call. */
	static final int INPUTS = 16;

	/** Length of every vector the stub answers with. */
	static final int DIMENSIONS = 1536;

	/** The embedding model asked for. */
	static final String MODEL = "text-embedding-3-small";

	/** The texts of every call: the canned user message, numbered. */
	static final List<String> TEXTS = IntStream.range(0, INPUTS)
		.mapToObj((i) -> "Passage " + i + ": " + CannedChat.USER)
		.toList();

	private EmbeddingScenario() {
	}

	static void run(Arguments arguments) {
		StubEndpoints stub = new StubEndpoints(arguments.get("stub"));
		String run = arguments.get("run");
		Duration warmup = arguments.getSeconds("warmup", Duration.ofSeconds(3));
		Duration window = arguments.getSeconds("window", Duration.ofSeconds(3));
		int rounds = arguments.getInt("rounds", 3);
		EmbeddingRequest request = EmbeddingRequest.builder().inputs(TEXTS).build();
		for (String level : arguments.getList("concurrency", "64")) {
			int concurrency = Integer.parseInt(level);
			FallbackEmbeddingService service = FallbackChatService.builder()
				.provider(OurClients.provider("primary", stub.baseUrl(run + "-ours-" + concurrency, "ok"), MODEL))
				.build()
				.embeddings();
			RawWebClient raw = new RawWebClient(stub.baseUrl(run + "-raw-" + concurrency, "ok"));
			Map<String, AsyncLoad.Call> clients = new LinkedHashMap<>();
			clients.put(ClientMain.WEBCLIENT, Reactive.mono(raw::embed));
			clients.put(ClientMain.EMBEDDINGS, Reactive.mono(() -> service.embed(request)));
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
