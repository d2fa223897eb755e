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
 * Scenario 8, the gateway: the same conversation, posted over HTTP by a closed loop at a
 * fixed number of connections, to the stub provider directly, to a minimal WebFlux proxy
 * in front of it, and to the gateway server in front of it in each of its dialects, and
 * with its keys checked in memory and on Redis. This JVM only generates the load; the CPU
 * time of each window is that of the process that served it ({@code --*-pid}), read from
 * the operating system. The targets take turns within each round, in an order that
 * rotates from round to round. At the first concurrency every target is measured; at the
 * others, only {@code direct}, {@code proxy} and the gateway in Chat Completions.
 * <p>
 * Before the rounds, each server's CPU while idle is measured, so that the share of CPU
 * per request that does not depend on requests can be told apart.
 *
 * @author Fallback LLM contributors
 */
final class GatewayScenario {

	/** What the gateway's keys are, and what clients of the keyed targets send. */
	static final String GATEWAY_KEY = "gw-bench-0000000000000000000000000000";

	/** The targets, as results name them, in the order of the report. */
	static final List<Target> TARGETS = List.of(new Target("direct", "direct", Dialect.CHAT, false),
			new Target("proxy", "proxy", Dialect.CHAT, false), new Target("gateway", "gateway", Dialect.CHAT, false),
			new Target("gateway-responses", "gateway", Dialect.RESPONSES, false),
			new Target("gateway-messages", "gateway", Dialect.MESSAGES, false),
			new Target("gateway-keys", "gateway-keys", Dialect.CHAT, true),
			new Target("gateway-keys-redis", "gateway-keys-redis", Dialect.CHAT, true));

	/** The targets measured at every concurrency, for the comparison by connections. */
	static final List<String> AT_EVERY_CONCURRENCY = List.of("direct", "proxy", "gateway");

	/**
	 * The gateways with keys, also measured at every concurrency: what a key check adds
	 * to latency shows where the machine is not saturated.
	 */
	static final List<String> KEYED = List.of("gateway-keys", "gateway-keys-redis");

	/** How much cheaper a warm-up window must be to count as progress. */
	private static final int GAIN_PERCENT = 5;

	/** Windows without progress that end the warm-up. */
	private static final int PATIENCE = 2;

	private static final int MAX_WARM_WINDOWS = 15;

	private GatewayScenario() {
	}

	static void run(Arguments arguments) {
		Duration warmup = arguments.getSeconds("warmup", Duration.ofSeconds(3));
		Duration window = arguments.getSeconds("window", Duration.ofSeconds(3));
		int rounds = arguments.getInt("rounds", 3);
		List<Integer> concurrencies = arguments.getList("concurrency", "64").stream().map(Integer::valueOf).toList();
		int connections = concurrencies.stream().mapToInt(Integer::intValue).max().orElseThrow();
		HttpClient http = HttpClient.create(ConnectionProvider.builder("gateway-load")
			.maxConnections(connections)
			.pendingAcquireMaxCount(-1)
			.build());
		Map<String, AsyncLoad.Call> calls = new LinkedHashMap<>();
		Map<String, LongSupplier> cpu = new LinkedHashMap<>();
		for (Target target : TARGETS) {
			String url = arguments.get(target.name(), "");
			if (!url.isEmpty()) {
				calls.put(target.name(), post(http, url + target.dialect().path(), target));
				cpu.put(target.name(), ProcessCpu.of(Long.parseLong(arguments.get(target.name() + "-pid"))));
			}
		}
		int first = concurrencies.get(0);
		calls.forEach((target, call) -> warm(target, call, first, warmup, window, cpu.get(target)));
		cpu.forEach((target, process) -> idle(target, process));
		for (int concurrency : concurrencies) {
			List<String> order = new ArrayList<>(calls.keySet());
			if (concurrency != first) {
				order.removeIf((target) -> !AT_EVERY_CONCURRENCY.contains(target) && !KEYED.contains(target));
			}
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
	}

	/**
	 * Warm a target up until its server is steady: after the warm-up, windows of load
	 * until {@value #PATIENCE} windows in a row are no cheaper, by {@value #GAIN_PERCENT}
	 * % of CPU per request, than the cheapest before them; at most
	 * {@value #MAX_WARM_WINDOWS} windows. A server that serves one target gets a third of
	 * the traffic of the gateway that serves three dialects, and without this its JIT
	 * compiler is still at work in the measured rounds.
	 */
	private static void warm(String target, AsyncLoad.Call call, int concurrency, Duration warmup, Duration window,
			LongSupplier cpu) {
		AsyncLoad.run(call, concurrency, warmup, Duration.ofMillis(1));
		double cheapest = Double.MAX_VALUE;
		int windows = 0;
		int stale = 0;
		while (stale < PATIENCE && windows < MAX_WARM_WINDOWS) {
			double now = AsyncLoad.run(call, concurrency, Duration.ZERO, window, new LoadWindow(cpu))
				.cpuPerCallMicros();
			windows++;
			if (now < cheapest * (1 - GAIN_PERCENT / 100.0)) {
				cheapest = now;
				stale = 0;
			}
			else {
				stale++;
			}
		}
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("target", target);
		fields.put("windows", windows);
		fields.put("steady", stale >= PATIENCE);
		fields.put("cpuPerCallUs", cheapest);
		Results.emit("gateway-warm", fields);
	}

	/**
	 * The CPU a server uses with no request in flight: its timers, metrics and JIT, and
	 * the stub's server for {@code direct}.
	 */
	private static void idle(String target, LongSupplier cpu) {
		Duration window = Duration.ofSeconds(2);
		long before = cpu.getAsLong();
		try {
			Thread.sleep(window.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("target", target);
		fields.put("idleCores", (cpu.getAsLong() - before) / (double) window.toNanos());
		Results.emit("gateway-idle", fields);
	}

	/** A call that succeeds when the answer is a 200 whose body has arrived. */
	private static AsyncLoad.Call post(HttpClient http, String url, Target target) {
		byte[] body = target.dialect().body();
		String key = target.keys() ? GATEWAY_KEY : CannedChat.API_KEY;
		HttpClient client = http.headers((headers) -> {
			headers.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
				.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + key);
			if (target.dialect() == Dialect.MESSAGES) {
				headers.set("anthropic-version", "2023-06-01");
			}
		});
		return Reactive.mono(() -> client.post()
			.uri(url)
			.send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(body)))
			.responseSingle((response, content) -> content.asByteArray()
				.defaultIfEmpty(new byte[0])
				.flatMap((bytes) -> (response.status().code() == 200 && bytes.length > 0) ? Mono.just(bytes) : Mono
					.error(new IllegalStateException("HTTP " + response.status().code() + ": " + new String(bytes))))));
	}

	/**
	 * One server and dialect of the scenario.
	 *
	 * @param name how results name it
	 * @param server the server that serves it; the gateway's dialects share one
	 * @param dialect what its clients post
	 * @param keys whether its clients present a gateway key
	 */
	record Target(String name, String server, Dialect dialect, boolean keys) {
	}

	/** The gateway's dialects, each with the same conversation as its clients send it. */
	enum Dialect {

		/** OpenAI Chat Completions, which the stub and the minimal proxy speak too. */
		CHAT("Chat Completions", "/chat/completions"),

		/** OpenAI Responses. */
		RESPONSES("Responses", "/responses"),

		/** Anthropic Messages. */
		MESSAGES("Messages", "/messages");

		private final String title;

		private final String path;

		Dialect(String title, String path) {
			this.title = title;
			this.path = path;
		}

		String title() {
			return this.title;
		}

		String path() {
			return this.path;
		}

		byte[] body() {
			JsonMapper json = JsonMapper.shared();
			ObjectNode request = json.createObjectNode().put("model", CannedChat.MODEL);
			switch (this) {
				case CHAT -> request.putArray("messages")
					.add(json.createObjectNode().put("role", "system").put("content", CannedChat.SYSTEM))
					.add(json.createObjectNode().put("role", "user").put("content", CannedChat.USER));
				case RESPONSES -> request.put("instructions", CannedChat.SYSTEM).put("input", CannedChat.USER);
				case MESSAGES -> {
					request.put("max_tokens", 256).put("system", CannedChat.SYSTEM);
					request.putArray("messages")
						.add(json.createObjectNode().put("role", "user").put("content", CannedChat.USER));
				}
			}
			return json.writeValueAsBytes(request);
		}

	}

}
