package io.github.fallbackllm.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.fallbackllm.FallbackChatService;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.redis.testsupport.RedisServer;
import io.github.fallbackllm.routing.CooldownSettings;
import io.github.fallbackllm.routing.ProviderPolicies;
import io.github.fallbackllm.routing.RetrySettings;
import io.github.fallbackllm.routing.Route;
import io.github.fallbackllm.routing.RouteGroup;
import io.github.fallbackllm.routing.RouteTarget;
import io.github.fallbackllm.testsupport.ProviderStubs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.github.fallbackllm.testsupport.ProviderStubs.ok;
import static io.github.fallbackllm.testsupport.ProviderStubs.openAiCompletion;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three {@link FallbackChatService} instances sharing a declared rpm through a real
 * Redis, under concurrent load, on a clock that stays in one minute.
 *
 * @author Fallback LLM contributors
 */
class SharedBudgetScenarioTests {

	private static final String CHAT = "/v1/chat/completions";

	private static final Instant NOW = Instant.parse("2026-12-07T10:15:30Z");

	private static final int RPM = 300;

	@RegisterExtension
	static RedisServer redis = new RedisServer();

	@RegisterExtension
	static WireMockExtension primary = ProviderStubs.server();

	@RegisterExtension
	static WireMockExtension secondary = ProviderStubs.server();

	private final String prefix = "budget-scenario-" + System.nanoTime();

	private final List<RedisTargetStateStore> stores = new ArrayList<>();

	@AfterEach
	void closeStores() {
		this.stores.forEach(RedisTargetStateStore::close);
	}

	@Test
	void threeInstancesWithOneHundredCallsInFlightEachAdmitTheDeclaredRpmBetweenThem() {
		primary.stubFor(post(CHAT).willReturn(ok(openAiCompletion("gpt-4o", "from the primary"))));
		secondary.stubFor(post(CHAT).willReturn(ok(openAiCompletion("gpt-4o-mini", "from the secondary"))));
		List<FallbackChatService> services = Stream.generate(this::store).limit(3).map(this::service).toList();

		// Calls go on until 900 have overflowed after the primary's minute was (nearly)
		// spent: whatever the machine's speed, demand outlasts the leasing and goes on
		// past the limit.
		AtomicLong primaryAnswers = new AtomicLong();
		AtomicLong overflowAfterSpent = new AtomicLong();
		List<ChatResponse> responses = Flux.range(0, 30_000)
			.takeWhile((i) -> overflowAfterSpent.get() < 900)
			.flatMap((i) -> services.get(i % 3).chatAsync(ChatRequest.of("hello")), 300)
			.doOnNext((response) -> {
				if (response.provider().equals("primary")) {
					primaryAnswers.incrementAndGet();
				}
				else if (primaryAnswers.get() >= RPM * 0.95) {
					overflowAfterSpent.incrementAndGet();
				}
			})
			.collectList()
			.block(Duration.ofMinutes(2));

		long admitted = responses.stream().filter((response) -> response.provider().equals("primary")).count();
		String leased = redis
			.command("GET " + this.prefix + ":target-budget:{primary/gpt-4o}:rpm:" + NOW.getEpochSecond() / 60);
		System.out.printf("Admitted by 3 instances at rpm %d: %d (leased on Redis: %s)%n", RPM, admitted, leased);
		primary.verify((int) admitted, postRequestedFor(urlEqualTo(CHAT)));
		assertThat(admitted).isBetween((long) (RPM * 0.95), (long) (RPM * 1.05));
		assertThat(responses).filteredOn((response) -> response.provider().equals("secondary"))
			.allSatisfy((response) -> assertThat(response.attempts().get(0).detail()).isEqualTo("over budget (rpm)"));
	}

	private FallbackChatService service(RedisTargetStateStore store) {
		RetrySettings noRetry = new RetrySettings(0, Duration.ofMillis(10), 1, Duration.ofMillis(10), Duration.ZERO,
				Duration.ofSeconds(1));
		return FallbackChatService.builder()
			.provider(new ProviderPolicies(ProviderStubs.openAi("primary", primary, "sk-test-primary", "gpt-4o"),
					noRetry, CooldownSettings.DEFAULTS, ProviderStubs.TEST_TIMEOUTS))
			.provider(new ProviderPolicies(
					ProviderStubs.openAi("secondary", secondary, "sk-test-secondary", "gpt-4o-mini"), noRetry,
					CooldownSettings.DEFAULTS, ProviderStubs.TEST_TIMEOUTS))
			.route(Route.builder(Route.DEFAULT)
				.group(RouteGroup.ordered(RouteTarget.of("primary/gpt-4o").withBudget(RPM, 0)))
				.group("secondary/gpt-4o-mini")
				.build())
			.stateStore(store)
			.build();
	}

	/**
	 * A store whose commands wait far longer than a busy machine takes, so that no lease
	 * falls back to counting on its own.
	 */
	private RedisTargetStateStore store() {
		RedisStateSettings settings = new RedisStateSettings(this.prefix, Duration.ofSeconds(30),
				Duration.ofMillis(200), Duration.ofMillis(300), Duration.ofSeconds(10), Duration.ofMinutes(1));
		RedisTargetStateStore store = new RedisTargetStateStore(redis.connectionFactory(), settings,
				Clock.fixed(NOW, ZoneOffset.UTC));
		store.start();
		this.stores.add(store);
		await().atMost(Duration.ofMinutes(1)).until(() -> store.status().shared());
		return store;
	}

}
