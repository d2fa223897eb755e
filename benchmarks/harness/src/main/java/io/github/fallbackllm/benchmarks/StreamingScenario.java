package io.github.fallbackllm.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import io.github.fallbackllm.FallbackChatService;
import io.github.fallbackllm.benchmarks.support.Arguments;
import io.github.fallbackllm.benchmarks.support.AsyncLoad;
import io.github.fallbackllm.benchmarks.support.LatencyRecorder;
import io.github.fallbackllm.benchmarks.support.LoadResult;
import io.github.fallbackllm.benchmarks.support.LoadWindow;
import io.github.fallbackllm.benchmarks.support.Results;
import io.github.fallbackllm.benchmarks.support.Stats;
import io.github.fallbackllm.benchmarks.support.StubEndpoints;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;

/**
 * Scenario 5, streaming: {@link FallbackChatService#stream} against a raw
 * {@code WebClient} reading the same server-sent events and parsing each one. Two shapes:
 * {@code first-token}, one stream at a time whose chunks the stub paces 1 ms apart, for
 * the time to the first text; and {@code throughput}, many streams of unpaced chunks, for
 * text chunks delivered per second at saturation.
 *
 * @author Fallback LLM contributors
 */
final class StreamingScenario {

	private StreamingScenario() {
	}

	static void run(Arguments arguments) {
		StubEndpoints stub = new StubEndpoints(arguments.get("stub"));
		String run = arguments.get("run");
		Duration warmup = arguments.getSeconds("warmup", Duration.ofSeconds(3));
		Duration window = arguments.getSeconds("window", Duration.ofSeconds(3));
		int rounds = arguments.getInt("rounds", 3);
		Map<String, Shape> shapes = new LinkedHashMap<>();
		shapes.put("first-token", new Shape(1, "ok-chunks20-gap1"));
		shapes.put("throughput", new Shape(arguments.getInt("concurrency", 64), "ok-chunks200"));
		for (Map.Entry<String, Shape> entry : shapes.entrySet()) {
			Shape shape = entry.getValue();
			RawWebClient raw = new RawWebClient(stub.baseUrl(run + "-stream-raw-" + entry.getKey(), shape.behavior()));
			FallbackChatService service = OurClients
				.service(stub.baseUrl(run + "-stream-ours-" + entry.getKey(), shape.behavior()), null);
			Map<String, Supplier<Flux<?>>> clients = new LinkedHashMap<>();
			clients.put(ClientMain.WEBCLIENT, raw::stream);
			clients.put(ClientMain.FALLBACK,
					() -> service.stream(OurClients.REQUEST).filter((chunk) -> !chunk.text().isEmpty()));
			clients.values().forEach((stream) -> measure(stream, shape.concurrency(), warmup, Duration.ofMillis(1)));
			for (int round = 1; round <= rounds; round++) {
				List<String> order = new ArrayList<>(clients.keySet());
				if (round % 2 == 0) {
					Collections.reverse(order);
				}
				for (String client : order) {
					Measurement measurement = measure(clients.get(client), shape.concurrency(), Duration.ofMillis(500),
							window);
					long[] firstText = measurement.firstText().sorted();
					Map<String, Object> fields = new LinkedHashMap<>();
					fields.put("shape", entry.getKey());
					fields.put("client", client);
					fields.put("concurrency", shape.concurrency());
					fields.put("round", round);
					fields.put("firstTextP50Us", Stats.percentile(firstText, 50) / 1e3);
					fields.put("firstTextP99Us", Stats.percentile(firstText, 99) / 1e3);
					fields.put("chunksPerSecond", measurement.chunks() / (measurement.result().nanos() / 1e9));
					fields.putAll(measurement.result().fields());
					Results.emit("streaming", fields);
				}
			}
		}
	}

	private static Measurement measure(Supplier<Flux<?>> stream, int concurrency, Duration warmup, Duration window) {
		LoadWindow loadWindow = new LoadWindow();
		LatencyRecorder firstText = new LatencyRecorder();
		LongAdder chunks = new LongAdder();
		AsyncLoad.Call call = (done) -> {
			long start = System.nanoTime();
			stream.get().subscribe(new BaseSubscriber<Object>() {

				private long firstTextNanos = -1;

				private long count;

				@Override
				protected void hookOnNext(Object chunk) {
					if (this.firstTextNanos < 0) {
						this.firstTextNanos = System.nanoTime() - start;
					}
					this.count++;
				}

				@Override
				protected void hookOnComplete() {
					if (this.count == 0) {
						done.done(new IllegalStateException("Stream without text"));
						return;
					}
					if (loadWindow.measuring()) {
						firstText.record(this.firstTextNanos);
						chunks.add(this.count);
					}
					done.done(null);
				}

				@Override
				protected void hookOnError(Throwable failure) {
					done.done(failure);
				}

			});
		};
		LoadResult result = AsyncLoad.run(call, concurrency, warmup, window, loadWindow);
		return new Measurement(result, firstText, chunks.sum());
	}

	private record Shape(int concurrency, String behavior) {
	}

	private record Measurement(LoadResult result, LatencyRecorder firstText, long chunks) {
	}

}
