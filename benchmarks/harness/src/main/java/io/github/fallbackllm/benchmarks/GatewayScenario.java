package io.github.fallbackllm.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import io.github.fallbackllm.benchmarks.support.Arguments;
import io.github.fallbackllm.benchmarks.support.AsyncLoad;
import io.github.fallbackllm.benchmarks.support.CannedChat;
import io.github.fallbackllm.benchmarks.support.LoadResult;
import io.github.fallbackllm.benchmarks.support.LoadWindow;
import io.github.fallbackllm.benchmarks.support.ProcessCpu;
import io.github.fallbackllm.benchmarks.support.Results;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Scenario 8, the sample gateway: the same chat completion request, posted over HTTP by a
 * closed loop at a fixed number of connections, to the stub provider directly, to a
 * minimal WebFlux proxy in front of it and to the sample's OpenAI-compatible gateway in
 * front of it. This JVM only generates the load; the CPU time of each window is that of
 * the process that served it ({@code --*-pid}), read from the operating system. The three
 * take turns within each round, in an order that rotates from round to round.
 *
 * @author Fallback LLM contributors
 */
final class GatewayScenario {

	/** The targets, as results name them. */
	static final List<String> TARGETS = List.of("direct", "proxy", "gateway");

	private GatewayScenario() {
	}

	static void run(Arguments arguments) {
		Duration warmup = arguments.getSeconds("warmup", Duration.ofSeconds(3));
		Duration window = arguments.getSeconds("window", Duration.ofSeconds(3));
		int rounds = arguments.getInt("rounds", 3);
		int concurrency = arguments.getInt("concurrency", 64);
		byte[] body = requestBody();
		HttpClient http = HttpClient.create(ConnectionProvider.builder("gateway-load")
			.maxConnections(concurrency)
			.pendingAcquireMaxCount(-1)
			.build());
		Map<String, AsyncLoad.Call> calls = new LinkedHashMap<>();
		Map<String, LongSupplier> cpu = new LinkedHashMap<>();
		for (String target : TARGETS) {
			calls.put(target, post(http, arguments.get(target) + "/chat/completions", body));
			cpu.put(target, ProcessCpu.of(Long.parseLong(arguments.get(target + "-pid"))));
		}
		calls.values().forEach((call) -> AsyncLoad.run(call, concurrency, warmup, Duration.ofMillis(1)));
		List<String> order = new ArrayList<>(TARGETS);
		for (int round = 1; round <= rounds; round++) {
			for (String target : order) {
				LoadResult result = AsyncLoad.run(calls.get(target), concurrency, Duration.ofMillis(500), window,
						new LoadWindow(cpu.get(target)));
				Map<String, Object> fields = new LinkedHashMap<>();
				fields.put("target", target);
				fields.put("concurrency", concurrency);
				fields.put("round", round);
				fields.putAll(result.fields());
				Results.emit("gateway", fields);
			}
			order.add(order.remove(0));
		}
	}

	/** A chat completion request as an OpenAI client sends it. */
	private static byte[] requestBody() {
		JsonMapper json = JsonMapper.shared();
		ObjectNode request = json.createObjectNode().put("model", CannedChat.MODEL);
		request.putArray("messages")
			.add(json.createObjectNode().put("role", "system").put("content", CannedChat.SYSTEM))
			.add(json.createObjectNode().put("role", "user").put("content", CannedChat.USER));
		return json.writeValueAsBytes(request);
	}

	/** A call that succeeds when the answer is a 200 whose body has arrived. */
	private static AsyncLoad.Call post(HttpClient http, String url, byte[] body) {
		HttpClient client = http
			.headers((headers) -> headers.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
				.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + CannedChat.API_KEY));
		return Reactive.mono(() -> client.post()
			.uri(url)
			.send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(body)))
			.responseSingle((response, content) -> content.asByteArray()
				.defaultIfEmpty(new byte[0])
				.flatMap((bytes) -> (response.status().code() == 200 && bytes.length > 0) ? Mono.just(bytes) : Mono
					.error(new IllegalStateException("HTTP " + response.status().code() + ": " + new String(bytes))))));
	}

}
