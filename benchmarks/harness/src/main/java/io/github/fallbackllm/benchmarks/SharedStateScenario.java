package io.github.fallbackllm.benchmarks;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

import io.github.fallbackllm.FallbackChatService;
import io.github.fallbackllm.benchmarks.support.Arguments;
import io.github.fallbackllm.benchmarks.support.AsyncLoad;
import io.github.fallbackllm.benchmarks.support.CannedChat;
import io.github.fallbackllm.benchmarks.support.LoadResult;
import io.github.fallbackllm.benchmarks.support.Results;
import io.github.fallbackllm.benchmarks.support.Stats;
import io.github.fallbackllm.benchmarks.support.StubEndpoints;
import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.redis.RedisStateSettings;
import io.github.fallbackllm.redis.RedisTargetStateStore;
import io.github.fallbackllm.redis.testsupport.RedisServerProcess;
import io.github.fallbackllm.routing.Route;
import io.github.fallbackllm.routing.RouteGroup;
import io.github.fallbackllm.routing.RouteTarget;
import io.github.fallbackllm.state.Cooldown;
import io.github.fallbackllm.state.Failure;
import io.github.fallbackllm.state.InMemoryTargetStateStore;
import io.github.fallbackllm.state.TargetState;
import io.github.fallbackllm.state.TargetStateStore;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Scenario 9, several instances: four {@link FallbackChatService} instances in one JVM,
 * each with its own state store and Redis connection, in front of a primary that answers
 * 429 {@code retry-after: 30} and a healthy secondary. Instance A starts first; the three
 * others start once A has met the 429, as instances already running do when a rate limit
 * begins. Compares the requests that reached the primary with per-instance state
 * ({@code memory}) and shared state ({@code redis}); measures how long a cooldown started
 * on one instance takes to reach the others' local state; counts what four instances
 * admit of a declared rpm ({@value #BUDGET_RPM}) between them, the rest going to the
 * secondary; and compares the CPU per call on the success path of a target with declared
 * budgets. Starts its own {@code redis-server}.
 *
 * @author Fallback LLM contributors
 */
final class SharedStateScenario {

	private static final int INSTANCES = 4;

	private static final int IN_FLIGHT = 100;

	/** The requests per minute the four instances share in the budget part. */
	private static final int BUDGET_RPM = 2_000;

	/**
	 * The budgets of the CPU part: declared, so that each call takes its share, but more
	 * than a run spends.
	 */
	private static final long CPU_RPM = 2_000_000;

	private static final long CPU_TPM = 2_000_000_000;

	private SharedStateScenario() {
	}

	static void run(Arguments arguments) throws IOException {
		StubEndpoints stub = new StubEndpoints(arguments.get("stub"));
		String run = arguments.get("run");
		int rounds = arguments.getInt("rounds", 3);
		try (RedisServerProcess redis = RedisServerProcess.startIfInstalled()) {
			if (redis == null) {
				throw new IllegalStateException("redis-server is not installed (apt-get install redis-server)");
			}
			List<LettuceConnectionFactory> connections = new ArrayList<>();
			Function<String, TargetStateStore> redisStore = (prefix) -> {
				LettuceConnectionFactory connection = new LettuceConnectionFactory(
						new RedisStandaloneConfiguration("127.0.0.1", redis.port()));
				connection.afterPropertiesSet();
				connection.start();
				connections.add(connection);
				RedisTargetStateStore store = new RedisTargetStateStore(connection, RedisStateSettings.of(prefix));
				store.start();
				return store;
			};
			// Round 0 warms both up and is not reported.
			for (int round = 0; round <= rounds; round++) {
				for (String store : (round % 2 == 1) ? List.of("memory", "redis") : List.of("redis", "memory")) {
					String prefix = run + "-" + store + "-" + round;
					cooldown(stub, prefix, store, round, arguments.getInt("calls", 1_000),
							store.equals("redis") ? redisStore : (ignored) -> new InMemoryTargetStateStore());
				}
			}
			for (int round = 1; round <= rounds; round++) {
				for (String store : (round % 2 == 1) ? List.of("memory", "redis") : List.of("redis", "memory")) {
					String prefix = run + "-budget-" + store + "-" + round;
					budget(stub, prefix, store, round,
							store.equals("redis") ? redisStore : (ignored) -> new InMemoryTargetStateStore());
				}
			}
			propagation(
					redisStore.apply(run + "-propagation-a"), List.of(redisStore.apply(run + "-propagation-a"),
							redisStore.apply(run + "-propagation-a"), redisStore.apply(run + "-propagation-a")),
					arguments.getInt("samples", 300));
			cpu(stub, run, rounds, arguments.getSeconds("warmup", Duration.ofSeconds(3)),
					arguments.getSeconds("window", Duration.ofSeconds(3)), redisStore);
			connections.forEach(LettuceConnectionFactory::destroy);
		}
	}

	private static void cooldown(StubEndpoints stub, String prefix, String kind, int round, int calls,
			Function<String, TargetStateStore> stores) {
		String primaryKey = prefix + "-primary";
		String secondaryKey = prefix + "-secondary";
		List<FallbackChatService> services = new ArrayList<>();
		for (int i = 0; i < INSTANCES; i++) {
			services.add(OurClients.service(stub.baseUrl(primaryKey, "ratelimit"), stub.baseUrl(secondaryKey, "ok"),
					stores.apply(prefix)));
		}
		// Let the Redis stores connect and subscribe before the rate limit begins.
		LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
		long start = System.nanoTime();
		CompletableFuture<LoadResult> first = load(services.get(0), calls);
		while (stub.hits(primaryKey) == 0) {
			LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
		}
		// The others start once A has met the 429, as instances already running do.
		LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
		List<CompletableFuture<LoadResult>> others = services.subList(1, INSTANCES)
			.stream()
			.map((service) -> load(service, calls))
			.toList();
		long failed = first.join().errors() + others.stream().mapToLong((other) -> other.join().errors()).sum();
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("part", "cooldown");
		fields.put("store", kind);
		fields.put("round", round);
		fields.put("instances", INSTANCES);
		fields.put("inFlight", IN_FLIGHT);
		fields.put("calls", (long) calls * INSTANCES);
		fields.put("failed", failed);
		fields.put("primaryHits", stub.hits(primaryKey));
		fields.put("secondaryHits", stub.hits(secondaryKey));
		fields.put("seconds", (System.nanoTime() - start) / 1e9);
		if (round > 0) {
			Results.emit("shared-state", fields);
		}
	}

	/**
	 * Four instances, 100 calls in flight each, sharing a declared rpm on the primary:
	 * with {@code redis} they admit it between them, with {@code memory} each admits it.
	 * Starts early enough in a clock minute that the run stays in it.
	 */
	private static void budget(StubEndpoints stub, String prefix, String kind, int round,
			Function<String, TargetStateStore> stores) {
		String primaryKey = prefix + "-primary";
		List<FallbackChatService> services = new ArrayList<>();
		for (int i = 0; i < INSTANCES; i++) {
			services.add(budgeted(stub.baseUrl(primaryKey, "ok"), stub.baseUrl(prefix + "-secondary", "ok"),
					stores.apply(prefix), BUDGET_RPM, 0));
		}
		// Let the Redis stores connect, then start in the first half of a minute.
		LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
		while (Instant.now().getEpochSecond() % 60 > 30) {
			LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
		}
		int calls = BUDGET_RPM;
		long failed = services.stream()
			.map((service) -> load(service, calls))
			.toList()
			.stream()
			.mapToLong((result) -> result.join().errors())
			.sum();
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("part", "budget");
		fields.put("store", kind);
		fields.put("round", round);
		fields.put("instances", INSTANCES);
		fields.put("inFlight", IN_FLIGHT);
		fields.put("rpm", BUDGET_RPM);
		fields.put("calls", (long) calls * INSTANCES);
		fields.put("failed", failed);
		fields.put("admitted", stub.hits(primaryKey));
		Results.emit("shared-state", fields);
	}

	/**
	 * A service whose route declares budgets on the primary; the secondary, if any, takes
	 * what the primary's budget does not.
	 */
	private static FallbackChatService budgeted(String primaryBaseUrl, @Nullable String secondaryBaseUrl,
			TargetStateStore store, long rpm, long tpm) {
		FallbackChatService.Builder builder = FallbackChatService.builder()
			.provider(OurClients.provider("primary", primaryBaseUrl))
			.stateStore(store);
		Route.Builder route = Route.builder(Route.DEFAULT)
			.group(RouteGroup.ordered(RouteTarget.of("primary/" + CannedChat.MODEL).withBudget(rpm, tpm)));
		if (secondaryBaseUrl != null) {
			builder.provider(OurClients.provider("secondary", secondaryBaseUrl));
			route.group("secondary/" + CannedChat.MODEL);
		}
		return builder.route(route.build()).build();
	}

	private static CompletableFuture<LoadResult> load(FallbackChatService service, int calls) {
		return CompletableFuture
			.supplyAsync(() -> AsyncLoad.runCalls(Reactive.mono(() -> service.chatAsync(OurClients.REQUEST)), IN_FLIGHT,
					calls, Duration.ofMinutes(2)));
	}

	/**
	 * Start a cooldown on one instance and watch the others' local state until each skips
	 * the target: one sample per other instance and cooldown.
	 */
	private static void propagation(TargetStateStore origin, List<TargetStateStore> others, int samples) {
		LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
		int warmup = samples / 5;
		List<Long> delays = new ArrayList<>();
		for (int i = 0; i < warmup + samples; i++) {
			String model = "model-" + i;
			List<TargetState> watched = others.stream().map((store) -> store.target("primary", model)).toList();
			TargetState state = origin.target("primary", model);
			LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
			Instant now = Instant.now();
			long start = System.nanoTime();
			state.failed(new Failure(now, AttemptOutcome.RATE_LIMITED, 429, ""),
					new Cooldown(now.plusSeconds(30), AttemptOutcome.RATE_LIMITED, "rate limited (HTTP 429)"), 1);
			long[] seen = new long[watched.size()];
			long deadline = start + Duration.ofSeconds(10).toNanos();
			int left = watched.size();
			while (left > 0 && System.nanoTime() < deadline) {
				for (int w = 0; w < watched.size(); w++) {
					if (seen[w] == 0 && watched.get(w).isCoolingDown(Instant.now())) {
						seen[w] = System.nanoTime();
						left--;
					}
				}
				LockSupport.parkNanos(20_000);
			}
			if (i >= warmup) {
				for (long at : seen) {
					delays.add((at != 0) ? at - start : Duration.ofSeconds(10).toNanos());
				}
			}
		}
		long[] sorted = delays.stream().mapToLong(Long::longValue).sorted().toArray();
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("part", "propagation");
		fields.put("samples", sorted.length);
		fields.put("p50Ms", Stats.percentile(sorted, 50) / 1e6);
		fields.put("p99Ms", Stats.percentile(sorted, 99) / 1e6);
		fields.put("maxMs", sorted[sorted.length - 1] / 1e6);
		Results.emit("shared-state", fields);
	}

	/**
	 * CPU per call on the success path of a target with declared budgets, one instance
	 * with each store, alternating: with {@code redis}, the budget is leased from Redis.
	 */
	private static void cpu(StubEndpoints stub, String run, int rounds, Duration warmup, Duration window,
			Function<String, TargetStateStore> redisStore) {
		Map<String, AsyncLoad.Call> calls = new LinkedHashMap<>();
		for (String kind : List.of("memory", "redis")) {
			TargetStateStore store = kind.equals("redis") ? redisStore.apply(run + "-cpu")
					: new InMemoryTargetStateStore();
			FallbackChatService service = budgeted(stub.baseUrl(run + "-cpu-" + kind, "ok"), null, store, CPU_RPM,
					CPU_TPM);
			calls.put(kind, Reactive.mono(() -> service.chatAsync(OurClients.REQUEST)));
		}
		calls.values().forEach((call) -> AsyncLoad.run(call, 64, warmup, Duration.ofMillis(1)));
		for (int round = 1; round <= rounds; round++) {
			for (String kind : (round % 2 == 1) ? List.of("memory", "redis") : List.of("redis", "memory")) {
				LoadResult result = AsyncLoad.run(calls.get(kind), 64, Duration.ofMillis(500), window);
				Map<String, Object> fields = new LinkedHashMap<>();
				fields.put("part", "cpu");
				fields.put("store", kind);
				fields.put("round", round);
				fields.put("rpm", CPU_RPM);
				fields.put("tpm", CPU_TPM);
				fields.putAll(result.fields());
				Results.emit("shared-state", fields);
			}
		}
	}

}
