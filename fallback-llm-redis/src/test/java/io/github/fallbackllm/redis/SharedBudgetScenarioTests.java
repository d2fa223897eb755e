package io.github.fallbackllm.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import io.github.fallbackllm.FallbackChatService;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.chat.FinishReason;
import io.github.fallbackllm.chat.TokenUsage;
import io.github.fallbackllm.provider.LlmProvider;
import io.github.fallbackllm.redis.testsupport.RedisServer;
import io.github.fallbackllm.routing.Route;
import io.github.fallbackllm.routing.RouteGroup;
import io.github.fallbackllm.routing.RouteTarget;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three {@link FallbackChatService} instances sharing a declared rpm through a real
 * Redis, under concurrent load, on a clock that stays in one minute. The providers answer
 * from memory after a millisecond, so that the test measures the sharing, not a stub
 * server's capacity.
 *
 * @author Fallback LLM contributors
 */
class SharedBudgetScenarioTests {

	private static final Instant NOW = Instant.parse("2026-12-07T10:15:30Z");

	private static final int RPM = 300;

	@RegisterExtension
	static RedisServer redis = new RedisServer();

	private final String prefix = "budget-scenario-" + System.nanoTime();

	private final List<RedisTargetStateStore> stores = new ArrayList<>();

	private final AtomicLong primaryCalls = new AtomicLong();

	@AfterEach
	void closeStores() {
		this.stores.forEach(RedisTargetStateStore::close);
	}

	@Test
	void threeInstancesWithOneHundredCallsInFlightEachAdmitTheDeclaredRpmBetweenThem() {
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

		long admitted = this.primaryCalls.get();
		String leased = redis
			.command("GET " + this.prefix + ":target-budget:{primary/m}:rpm:" + NOW.getEpochSecond() / 60);
		System.out.printf("Admitted by 3 instances at rpm %d: %d of %d calls (leased on Redis: %s)%n", RPM, admitted,
				responses.size(), leased);
		assertThat(admitted).isBetween((long) (RPM * 0.95), (long) (RPM * 1.05));
		assertThat(responses).filteredOn((response) -> response.provider().equals("secondary"))
			.allSatisfy((response) -> assertThat(response.attempts().get(0).detail()).isEqualTo("over budget (rpm)"));
	}

	private FallbackChatService service(RedisTargetStateStore store) {
		return FallbackChatService.builder()
			.provider(new DelayedProvider("primary", this.primaryCalls))
			.provider(new DelayedProvider("secondary", new AtomicLong()))
			.route(Route.builder(Route.DEFAULT)
				.group(RouteGroup.ordered(RouteTarget.of("primary/m").withBudget(RPM, 0)))
				.group("secondary/m")
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

	/**
	 * Answers a millisecond after it is called, and counts its calls.
	 */
	private record DelayedProvider(String name, AtomicLong calls) implements LlmProvider {

		@Override
		public List<String> models() {
			return List.of("m");
		}

		@Override
		public Mono<ChatResponse> chat(String model, ChatRequest request) {
			this.calls.incrementAndGet();
			return Mono.delay(Duration.ofMillis(1))
				.thenReturn(
						new ChatResponse("hi", this.name, model, FinishReason.STOP, new TokenUsage(1, 1), List.of()));
		}

	}

}
