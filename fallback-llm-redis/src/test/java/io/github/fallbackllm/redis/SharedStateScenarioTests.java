package io.github.fallbackllm.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.fallbackllm.FallbackChatService;
import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.event.FallbackListener;
import io.github.fallbackllm.redis.testsupport.RedisServer;
import io.github.fallbackllm.routing.CooldownSettings;
import io.github.fallbackllm.routing.RetrySettings;
import io.github.fallbackllm.routing.ProviderPolicies;
import io.github.fallbackllm.testsupport.LogCapture;
import io.github.fallbackllm.testsupport.ProviderStubs;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.ScanOptions;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.github.fallbackllm.testsupport.ProviderStubs.json;
import static io.github.fallbackllm.testsupport.ProviderStubs.ok;
import static io.github.fallbackllm.testsupport.ProviderStubs.openAiCompletion;
import static io.github.fallbackllm.testsupport.ProviderStubs.openAiError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Several {@link FallbackChatService} instances sharing one real Redis, each with its own
 * {@link RedisTargetStateStore}, in front of a stubbed primary and a healthy secondary.
 *
 * @author Fallback LLM contributors
 */
@ExtendWith(LogCapture.class)
class SharedStateScenarioTests {

	private static final String CHAT = "/v1/chat/completions";

	private static final ChatRequest HELLO = ChatRequest.of("hello");

	private static final String PRIMARY_KEY = "sk-test-primary-0123456789abcdefPRIMARY";

	private static final String SECONDARY_KEY = "sk-test-secondary-0123456789abcdefSECOND";

	@RegisterExtension
	static RedisServer redis = new RedisServer();

	@RegisterExtension
	static WireMockExtension primary = ProviderStubs.server();

	@RegisterExtension
	static WireMockExtension secondary = ProviderStubs.server();

	private final String prefix = "scenario-" + System.nanoTime();

	private final List<RedisTargetStateStore> stores = new ArrayList<>();

	@AfterEach
	void closeStores() {
		this.stores.forEach(RedisTargetStateStore::close);
	}

	@Test
	void rateLimitMetByOneInstanceIsSkippedByTheOthers() {
		secondary.stubFor(post(CHAT).willReturn(ok(openAiCompletion("gpt-4o-mini", "from the secondary"))));
		primary.stubFor(post(CHAT).willReturn(rateLimited(30)));
		AtomicLong rateLimitedAt = new AtomicLong();
		FallbackChatService a = service(store(), new FallbackListener() {
			@Override
			public void onCooldownStarted(CooldownStarted event) {
				rateLimitedAt.set(System.nanoTime());
			}
		});
		RedisTargetStateStore storeOfB = store();
		FallbackChatService b = service(storeOfB, null);
		FallbackChatService c = service(store(), null);
		CompletableFuture<Long> seenByB = CompletableFuture.supplyAsync(() -> firstSeenCooling(storeOfB));
		assertThat(a.chat(HELLO).attempts()).extracting((attempt) -> attempt.outcome())
			.containsExactly(AttemptOutcome.RATE_LIMITED, AttemptOutcome.SUCCEEDED);
		System.out.printf("Propagation from A's 429 to B's local state: %.2f ms%n",
				(seenByB.join() - rateLimitedAt.get()) / 1e6);
		for (FallbackChatService other : List.of(b, c)) {
			ChatResponse response = other.chat(HELLO);
			assertThat(response.content()).isEqualTo("from the secondary");
			assertThat(response.attempts()).extracting((attempt) -> attempt.outcome())
				.containsExactly(AttemptOutcome.SKIPPED, AttemptOutcome.SUCCEEDED);
			assertThat(response.attempts().get(0).detail()).contains("rate limited (HTTP 429)");
		}
		primary.verify(1, postRequestedFor(urlEqualTo(CHAT)));
		assertNothingSecretInRedis();
	}

	@Test
	void failuresOnDifferentInstancesAddUpToTheThreshold() {
		secondary.stubFor(post(CHAT).willReturn(ok(openAiCompletion("gpt-4o-mini", "from the secondary"))));
		primary.stubFor(post(CHAT).willReturn(json(503, openAiError("server_error", null, "overloaded"))));
		List<RedisTargetStateStore> instances = Stream.generate(this::store).limit(3).toList();
		List<FallbackChatService> services = instances.stream().map((store) -> service(store, null)).toList();
		for (int i = 0; i < 2; i++) {
			services.get(i).chat(HELLO);
			int failures = i + 1;
			await().until(() -> redis.command("GET " + this.prefix + ":failures:model:primary/gpt-4o"),
					Integer.toString(failures)::equals);
		}
		assertThat(instances).noneMatch(this::primaryCooling);
		services.get(2).chat(HELLO);
		await().until(() -> instances.stream().allMatch(this::primaryCooling));
		services.forEach((service) -> assertThat(service.chat(HELLO).attempts().get(0).outcome())
			.isEqualTo(AttemptOutcome.SKIPPED));
		primary.verify(3, postRequestedFor(urlEqualTo(CHAT)));
	}

	@Test
	void oneTrialCallAcrossAllInstancesWhenTheCooldownEnds() {
		secondary.stubFor(post(CHAT).willReturn(ok(openAiCompletion("gpt-4o-mini", "from the secondary"))));
		primary.stubFor(post(CHAT).willReturn(rateLimited(1)));
		List<RedisTargetStateStore> instances = Stream.generate(this::store).limit(3).toList();
		List<FallbackChatService> services = instances.stream().map((store) -> service(store, null)).toList();
		services.get(0).chat(HELLO);
		await().until(() -> instances.stream().allMatch(this::primaryCooling));
		await().until(() -> instances.stream().noneMatch(this::primaryCooling) && instances.stream()
			.allMatch((store) -> ((SharedTargetState) store.target("primary", "gpt-4o")).lease() != null));
		primary.resetAll();
		primary.stubFor(post(CHAT).willReturn(ok(openAiCompletion("gpt-4o", "from the primary")).withFixedDelay(1000)));
		List<ChatResponse> responses = Flux
			.fromIterable(IntStream.range(0, 9).mapToObj((i) -> services.get(i % 3)).toList())
			.flatMap((service) -> service.chatAsync(HELLO), 9)
			.collectList()
			.block(Duration.ofSeconds(30));
		primary.verify(1, postRequestedFor(urlEqualTo(CHAT)));
		assertThat(responses).filteredOn((response) -> response.content().equals("from the primary")).hasSize(1);
		await()
			.until(() -> instances.stream().allMatch((store) -> store.target("primary", "gpt-4o").cooldown() == null));
		services.forEach((service) -> assertThat(service.chat(HELLO).content()).isEqualTo("from the primary"));
	}

	@Test
	void redisKilledMidRunThenRestarted(LogCapture.Lines log) {
		secondary.stubFor(post(CHAT).willReturn(ok(openAiCompletion("gpt-4o-mini", "from the secondary"))));
		primary.stubFor(post(CHAT).willReturn(ok(openAiCompletion("gpt-4o", "from the primary"))));
		RedisTargetStateStore storeOfA = store();
		RedisTargetStateStore storeOfB = store();
		FallbackChatService a = service(storeOfA, null);
		FallbackChatService b = service(storeOfB, null);
		redis.stop();
		try {
			primary.resetAll();
			primary.stubFor(post(CHAT).willReturn(json(503, openAiError("server_error", null, "overloaded"))));
			for (int i = 0; i < 10; i++) {
				assertThat(a.chat(HELLO).content()).isEqualTo("from the secondary");
				assertThat(b.chat(HELLO).content()).isEqualTo("from the secondary");
			}
			await().until(() -> !storeOfA.status().shared() && !storeOfB.status().shared());
		}
		finally {
			redis.start();
		}
		await().until(() -> outageWarnings(log) == 2);
		await().until(() -> storeOfA.status().shared() && storeOfB.status().shared());
		// A target that cooled on each instance alone during the outage is shared again.
		await().until(() -> redis.command("EXISTS " + this.prefix + ":cooldown:model:primary/gpt-4o"), ":1"::equals);
		primary.resetAll();
		primary.stubFor(post(CHAT).willReturn(rateLimited(30)));
		RedisTargetStateStore late = store();
		await().until(() -> primaryCooling(late));
		assertThat(outageWarnings(log)).isEqualTo(2);
	}

	private static long outageWarnings(LogCapture.Lines log) {
		return log.getAll().lines().filter((line) -> line.startsWith("WARN") && line.contains("Redis is out")).count();
	}

	/**
	 * Watch an instance's local state until it skips the primary.
	 * @return when it first did, in {@link System#nanoTime()}
	 */
	private long firstSeenCooling(RedisTargetStateStore store) {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (!primaryCooling(store) && System.nanoTime() < deadline) {
			LockSupport.parkNanos(50_000);
		}
		return System.nanoTime();
	}

	private boolean primaryCooling(RedisTargetStateStore store) {
		return store.target("primary", "gpt-4o").isCoolingDown(Instant.now());
	}

	private void assertNothingSecretInRedis() {
		ReactiveStringRedisTemplate template = new ReactiveStringRedisTemplate(redis.connectionFactory());
		List<String> entries = template.scan(ScanOptions.scanOptions().match("*").build())
			.flatMap((key) -> template.type(key)
				.flatMap((type) -> "string".equals(type.code())
						? template.opsForValue().get(key).map((value) -> key + " = " + value) : Mono.just(key)))
			.collectList()
			.block(Duration.ofSeconds(5));
		assertThat(entries).isNotEmpty()
			.noneMatch((entry) -> entry.contains(PRIMARY_KEY) || entry.contains(SECONDARY_KEY)
					|| entry.contains("Rate limit reached"));
	}

	private static ResponseDefinitionBuilder rateLimited(int seconds) {
		return json(429, openAiError("tokens", "rate_limit_exceeded", "Rate limit reached for key " + PRIMARY_KEY))
			.withHeader("retry-after", Integer.toString(seconds));
	}

	private FallbackChatService service(RedisTargetStateStore store, @Nullable FallbackListener listener) {
		RetrySettings noRetry = new RetrySettings(0, Duration.ofMillis(10), 1, Duration.ofMillis(10), Duration.ZERO,
				Duration.ofSeconds(1));
		FallbackChatService.Builder builder = FallbackChatService.builder()
			.provider(new ProviderPolicies(ProviderStubs.openAi("primary", primary, PRIMARY_KEY, "gpt-4o"), noRetry,
					CooldownSettings.DEFAULTS, ProviderStubs.TEST_TIMEOUTS))
			.provider(new ProviderPolicies(ProviderStubs.openAi("secondary", secondary, SECONDARY_KEY, "gpt-4o-mini"),
					noRetry, CooldownSettings.DEFAULTS, ProviderStubs.TEST_TIMEOUTS))
			.stateStore(store);
		if (listener != null) {
			builder.listener(listener);
		}
		return builder.build();
	}

	private RedisTargetStateStore store() {
		RedisStateSettings settings = new RedisStateSettings(this.prefix, Duration.ofSeconds(1), Duration.ofMillis(200),
				Duration.ofMillis(300), Duration.ofSeconds(10), Duration.ofMinutes(1));
		RedisTargetStateStore store = new RedisTargetStateStore(redis.connectionFactory(), settings);
		store.start();
		this.stores.add(store);
		await().until(() -> redis.subscribers(this.prefix + ":events") >= this.stores.size());
		return store;
	}

}
