package io.github.fallbackllm.redis;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.redis.testsupport.RedisServer;
import io.github.fallbackllm.state.Admission;
import io.github.fallbackllm.state.Cooldown;
import io.github.fallbackllm.state.CoolingChange;
import io.github.fallbackllm.state.Failure;
import io.github.fallbackllm.state.TargetState;
import io.github.fallbackllm.testsupport.LogCapture;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import reactor.core.publisher.Mono;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.ScanOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link RedisTargetStateStore} instances sharing one real Redis.
 *
 * @author Fallback LLM contributors
 */
@ExtendWith(LogCapture.class)
class RedisTargetStateStoreTests {

	private static final String KEY = "sk-test-redis-0123456789abcdefABCDEF";

	@RegisterExtension
	static RedisServer redis = new RedisServer();

	private final List<RedisTargetStateStore> stores = new ArrayList<>();

	private final String prefix = "test-" + System.nanoTime();

	@AfterEach
	void closeStores() {
		this.stores.forEach(RedisTargetStateStore::close);
	}

	@Test
	void cooldownStartedByOneInstanceIsAppliedByTheOthers() {
		TargetState a = store().target("openai", "gpt-4o");
		TargetState b = store().target("openai", "gpt-4o");
		TargetState c = store().target("openai", "gpt-4o");
		Instant now = Instant.now();
		assertThat(a.failed(rateLimited(now), cooldown(now, Duration.ofSeconds(30)), 1))
			.isEqualTo(CoolingChange.STARTED);
		await().until(() -> b.isCoolingDown(Instant.now()) && c.isCoolingDown(Instant.now()));
		assertThat(b.cooldown().until()).isEqualTo(a.cooldown().until().truncatedTo(ChronoUnit.MILLIS));
		assertThat(b.cooldown().cause()).isEqualTo(AttemptOutcome.RATE_LIMITED);
		assertThat(b.cooldown().detail()).isEqualTo("rate limited (HTTP 429), seen by another instance");
		assertThat(b.admit(Instant.now(), false)).isEqualTo(Admission.COOLING);
	}

	@Test
	void providerCooldownIsSharedApartFromItsModels() {
		RedisTargetStateStore first = store();
		RedisTargetStateStore second = store();
		Instant now = Instant.now();
		first.provider("openai").failed(rateLimited(now), cooldown(now, Duration.ofSeconds(30)), 1);
		await().until(() -> second.provider("openai").isCoolingDown(Instant.now()));
		assertThat(second.target("openai", "gpt-4o").cooldown()).isNull();
	}

	@Test
	void instanceStartedLaterReadsRunningCooldownsFromRedis() {
		Instant now = Instant.now();
		store().target("openai", "gpt-4o").failed(rateLimited(now), cooldown(now, Duration.ofSeconds(30)), 1);
		await().until(() -> redis.command("EXISTS " + this.prefix + ":cooldown:model:openai/gpt-4o"), ":1"::equals);
		TargetState late = store().target("openai", "gpt-4o");
		await().until(() -> late.isCoolingDown(Instant.now()));
	}

	@Test
	void failuresOnDifferentInstancesAddUpToTheThreshold() {
		List<TargetState> instances = Stream.generate(this::store)
			.limit(3)
			.map((store) -> store.target("openai", "gpt-4o"))
			.toList();
		Instant now = Instant.now();
		Cooldown cooldown = new Cooldown(now.plusSeconds(30), AttemptOutcome.SERVER_ERROR, "server error (HTTP 503)");
		for (int i = 0; i < 2; i++) {
			assertThat(instances.get(i).failed(serverError(now), cooldown, 3)).isEqualTo(CoolingChange.NONE);
		}
		await().until(() -> redis.command("GET " + this.prefix + ":failures:model:openai/gpt-4o"), "2"::equals);
		assertThat(instances).noneMatch((state) -> state.isCoolingDown(Instant.now()));
		assertThat(instances.get(2).failed(serverError(now), cooldown, 3)).isEqualTo(CoolingChange.NONE);
		await().until(() -> instances.stream().allMatch((state) -> state.isCoolingDown(Instant.now())));
	}

	@Test
	void successAnywhereResetsTheSharedFailureCount() {
		TargetState a = store().target("openai", "gpt-4o");
		TargetState b = store().target("openai", "gpt-4o");
		Instant now = Instant.now();
		Cooldown cooldown = new Cooldown(now.plusSeconds(30), AttemptOutcome.SERVER_ERROR, "server error (HTTP 503)");
		a.failed(serverError(now), cooldown, 2);
		String failures = this.prefix + ":failures:model:openai/gpt-4o";
		await().until(() -> redis.command("EXISTS " + failures), ":1"::equals);
		await().until(() -> ((SharedTargetState) b).consecutiveFailures() == 0 && failedElsewhere(b));
		b.succeeded();
		await().until(() -> redis.command("EXISTS " + failures), ":0"::equals);
		a.failed(serverError(now), cooldown, 2);
		await().until(() -> redis.command("GET " + failures), "1"::equals);
		assertThat(a.isCoolingDown(Instant.now())).isFalse();
	}

	@Test
	void oneTrialAcrossAllInstancesWhenACooldownEnds() {
		List<SharedTargetState> instances = Stream.generate(this::store)
			.limit(3)
			.map((store) -> (SharedTargetState) store.target("openai", "gpt-4o"))
			.toList();
		Instant now = Instant.now();
		Cooldown cooldown = cooldown(now, Duration.ofMillis(1500));
		instances.get(0).failed(rateLimited(now), cooldown, 1);
		await().until(() -> instances.stream().allMatch((state) -> state.cooldown() != null));
		await().until(() -> Instant.now().isAfter(cooldown.until()));
		await().until(() -> instances.stream().allMatch((state) -> leaseOf(state) != null));
		List<Admission> admissions = instances.stream().map((state) -> state.admit(Instant.now(), false)).toList();
		assertThat(admissions).containsOnlyOnce(Admission.TRIAL).contains(Admission.TRIAL_BUSY);
		SharedTargetState winner = instances.get(admissions.indexOf(Admission.TRIAL));
		assertThat(winner.answered()).isTrue();
		winner.releaseTrial();
		await()
			.until(() -> instances.stream().allMatch((state) -> state.admit(Instant.now(), false) == Admission.OPEN));
	}

	@Test
	void failedTrialCoolsEveryInstanceAgain() {
		List<SharedTargetState> instances = Stream.generate(this::store)
			.limit(2)
			.map((store) -> (SharedTargetState) store.target("openai", "gpt-4o"))
			.toList();
		Instant now = Instant.now();
		Cooldown first = cooldown(now, Duration.ofMillis(1000));
		instances.get(0).failed(rateLimited(now), first, 1);
		await().until(() -> Instant.now().isAfter(first.until())
				&& instances.stream().allMatch((state) -> leaseOf(state) != null));
		SharedTargetState winner = instances.stream()
			.filter((state) -> state.admit(Instant.now(), false) == Admission.TRIAL)
			.findFirst()
			.orElseThrow();
		Instant later = Instant.now();
		winner.failed(rateLimited(later), cooldown(later, Duration.ofSeconds(30)), 1);
		winner.releaseTrial();
		await().until(() -> instances.stream().allMatch((state) -> state.isCoolingDown(Instant.now())));
	}

	@Test
	void redisOutageKeepsLocalStateWarnsOnceAndResynchronisesWhenRedisReturns(LogCapture.Lines log) {
		RedisTargetStateStore first = store();
		RedisTargetStateStore second = store();
		TargetState a = first.target("openai", "gpt-4o");
		TargetState b = second.target("openai", "gpt-4o");
		redis.stop();
		try {
			Instant now = Instant.now();
			for (int i = 0; i < 5; i++) {
				a.failed(rateLimited(now), cooldown(now, Duration.ofSeconds(30)), 1);
				assertThat(a.admit(Instant.now(), false)).isEqualTo(Admission.COOLING);
			}
			await().until(() -> !first.status().shared() && !second.status().shared());
			assertThat(first.status().problem()).isNotBlank();
			assertThat(b.cooldown()).isNull();
		}
		finally {
			redis.start();
		}
		await().until(() -> first.status().shared() && second.status().shared());
		await().until(() -> b.isCoolingDown(Instant.now()));
		assertThat(log.getAll().lines().filter((line) -> line.startsWith("WARN") && line.contains("Redis is out")))
			.hasSize(2);
		Instant now = Instant.now();
		second.provider("anthropic").failed(rateLimited(now), cooldown(now, Duration.ofSeconds(30)), 1);
		await().until(() -> first.provider("anthropic").isCoolingDown(Instant.now()));
	}

	@Test
	void redisUnreachableFromTheStartLeavesEachInstanceOnItsOwn(LogCapture.Lines log) throws IOException {
		int unused;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			unused = socket.getLocalPort();
		}
		LettuceConnectionFactory nowhere = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", unused));
		nowhere.afterPropertiesSet();
		nowhere.start();
		try (RedisTargetStateStore store = new RedisTargetStateStore(nowhere, RedisStateSettings.of(this.prefix))) {
			assertThat(store.status().shared()).isFalse();
			store.start();
			TargetState state = store.target("openai", "gpt-4o");
			Instant now = Instant.now();
			state.failed(rateLimited(now), cooldown(now, Duration.ofSeconds(30)), 1);
			await().until(() -> log.getAll().contains("Redis is out"));
			for (int i = 0; i < 3; i++) {
				state.failed(rateLimited(now), cooldown(now, Duration.ofSeconds(30)), 1);
				assertThat(state.admit(Instant.now(), false)).isEqualTo(Admission.COOLING);
			}
			assertThat(store.status().shared()).isFalse();
			assertThat(store.status().since()).isNotNull();
			assertThat(log.getAll().lines().filter((line) -> line.startsWith("WARN") && line.contains("Redis is out")))
				.hasSize(1);
		}
		finally {
			nowhere.destroy();
		}
	}

	@Test
	void nothingSecretReachesRedis() {
		List<String> published = new CopyOnWriteArrayList<>();
		ReactiveStringRedisTemplate template = new ReactiveStringRedisTemplate(redis.connectionFactory());
		template.listenToChannel(this.prefix + ":events")
			.doOnNext((message) -> published.add(message.getMessage()))
			.subscribe();
		RedisTargetStateStore store = store();
		await().until(() -> redis.subscribers(this.prefix + ":events") == 2);
		Instant now = Instant.now();
		Failure failure = new Failure(now, AttemptOutcome.AUTHENTICATION_FAILED, 401,
				"Incorrect API key provided: " + KEY);
		store.provider("openai")
			.failed(failure, new Cooldown(now.plusSeconds(60), failure.outcome(), failure.describe()), 1);
		store.target("openai", "gpt-4o").failed(failure, null, 3);
		await().until(() -> published.size() >= 3);
		List<String> stored = template.scan(ScanOptions.scanOptions().match(this.prefix + "*").build())
			.flatMap((key) -> template.type(key)
				.flatMap((type) -> "string".equals(type.code())
						? template.opsForValue().get(key).map((value) -> key + " = " + value) : Mono.just(key)))
			.collectList()
			.block(Duration.ofSeconds(5));
		assertThat(stored).hasSizeGreaterThanOrEqualTo(3);
		assertThat(String.join("\n", stored) + String.join("\n", published)).doesNotContain(KEY)
			.doesNotContain("Incorrect API key");
		assertThat(stored).contains(this.prefix + ":cooldown:provider:openai = " + now.plusSeconds(60).toEpochMilli()
				+ " AUTHENTICATION_FAILED 401");
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

	private static boolean failedElsewhere(TargetState state) {
		return ((SharedTargetState) state).failedElsewhereSeen();
	}

	private static SharedTargetState.@Nullable Lease leaseOf(SharedTargetState state) {
		return state.lease();
	}

	private static Failure rateLimited(Instant at) {
		return new Failure(at, AttemptOutcome.RATE_LIMITED, 429, "Rate limit reached for " + KEY);
	}

	private static Failure serverError(Instant at) {
		return new Failure(at, AttemptOutcome.SERVER_ERROR, 503, "upstream overloaded");
	}

	private static Cooldown cooldown(Instant now, Duration length) {
		return new Cooldown(now.plus(length), AttemptOutcome.RATE_LIMITED, "rate limited (HTTP 429): " + KEY);
	}

}
