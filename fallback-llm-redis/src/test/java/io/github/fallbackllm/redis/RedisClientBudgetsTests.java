package io.github.fallbackllm.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.fallbackllm.budget.ClientAdmission;
import io.github.fallbackllm.budget.ClientLimit;
import io.github.fallbackllm.budget.ClientLimits;
import io.github.fallbackllm.redis.testsupport.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Budgets of clients shared by several instances through a real {@code redis-server}, on
 * a clock that stays in one minute.
 *
 * @author Fallback LLM contributors
 */
class RedisClientBudgetsTests {

	private static final Instant NOW = Instant.parse("2026-12-07T10:15:30Z");

	@RegisterExtension
	static RedisServer redis = new RedisServer();

	private final List<RedisClientBudgets> instances = new ArrayList<>();

	private final String prefix = "test-" + System.nanoTime();

	@AfterEach
	void close() {
		this.instances.forEach(RedisClientBudgets::close);
	}

	@Test
	void threeInstancesUnderConcurrentLoadAdmitOneRpmBetweenThem() {
		ClientLimits limits = new ClientLimits(300, 0, 0);
		List<RedisClientBudgets> three = List.of(instance(), instance(), instance());
		AtomicInteger admitted = new AtomicInteger();
		// 1,200 calls, 64 in flight at a time on each instance.
		Flux.range(0, 1_200)
			.parallel(6)
			.runOn(Schedulers.boundedElastic())
			.flatMap((i) -> three.get(i % 3).acquire("team-a", limits, 10), false, 64)
			.filter(ClientAdmission::admitted)
			.doOnNext((admission) -> admitted.incrementAndGet())
			.sequential()
			.blockLast(Duration.ofSeconds(60));
		// Within 5 % of the limit; the script takes atomically, so exactly the limit.
		assertThat(admitted.get()).isBetween(300, 315);
		assertThat(admitted).hasValue(300);
		assertThat(redis.command("GET " + this.prefix + ":budget:{team-a}:rpm:" + NOW.toEpochMilli() / 60_000))
			.isEqualTo("300");
	}

	@Test
	void aSettlementOnOneInstanceGivesTheOthersTheTokensBack() {
		ClientLimits limits = new ClientLimits(0, 1_000, 0);
		RedisClientBudgets a = instance();
		RedisClientBudgets b = instance();
		ClientAdmission first = a.acquire("team-a", limits, 600).block();
		assertThat(first.admitted()).isTrue();
		assertThat(b.acquire("team-a", limits, 600).block().over()).isEqualTo(ClientLimit.TPM);
		a.settle(first, 100);
		await().until(() -> b.acquire("team-a", limits, 600).block().admitted());
		assertThat(a.acquire("team-a", limits, 400).block().over()).isEqualTo(ClientLimit.TPM);
	}

	@Test
	void aRefusalTakesNothingAndTheDailyWindowExpiresAfterItsDay() {
		ClientLimits limits = new ClientLimits(10, 0, 1_000);
		RedisClientBudgets a = instance();
		assertThat(a.acquire("team-a", limits, 900).block().admitted()).isTrue();
		ClientAdmission refused = instance().acquire("team-a", limits, 200).block();
		assertThat(refused.over()).isEqualTo(ClientLimit.TOKENS_PER_DAY);
		assertThat(refused.retryAt()).isEqualTo(Instant.parse("2026-12-08T00:00:00Z"));
		String minute = Long.toString(NOW.toEpochMilli() / 60_000);
		String day = Long.toString(NOW.toEpochMilli() / 86_400_000);
		assertThat(redis.command("GET " + this.prefix + ":budget:{team-a}:rpm:" + minute)).isEqualTo("1");
		assertThat(redis.command("GET " + this.prefix + ":budget:{team-a}:day:" + day)).isEqualTo("900");
		assertThat(Long.parseLong(redis.command("PTTL " + this.prefix + ":budget:{team-a}:day:" + day).substring(1)))
			.isPositive();
	}

	@Test
	void aCallGoesOnOffTheEventLoopThreadOnWhichLettuceAnswers() {
		RedisClientBudgets a = instance();
		String thread = a.acquire("team-a", new ClientLimits(10, 0, 0), 0)
			.filter(ClientAdmission::admitted)
			.map((admission) -> Thread.currentThread().getName())
			.block(Duration.ofSeconds(30));
		assertThat(thread).isNotNull().doesNotContainIgnoringCase("lettuce");
	}

	@Test
	void withRedisOutEachInstanceCountsOnItsOwn() {
		ClientLimits limits = new ClientLimits(2, 0, 0);
		RedisClientBudgets a = instance(Duration.ofMillis(500));
		assertThat(a.status().shared()).isTrue();
		redis.stop();
		try {
			assertThat(a.acquire("team-a", limits, 0).block(Duration.ofSeconds(10)).admitted()).isTrue();
			assertThat(a.status().shared()).isFalse();
			assertThat(a.acquire("team-a", limits, 0).block(Duration.ofSeconds(10)).admitted()).isTrue();
			assertThat(a.acquire("team-a", limits, 0).block(Duration.ofSeconds(10)).over()).isEqualTo(ClientLimit.RPM);
		}
		finally {
			redis.start();
		}
	}

	private RedisClientBudgets instance() {
		return instance(Duration.ofSeconds(30));
	}

	/**
	 * An instance whose commands wait up to the given timeout: the sharing tests give
	 * Redis far more time than a busy machine takes, so that no call falls back to
	 * counting on its own.
	 */
	private RedisClientBudgets instance(Duration timeout) {
		RedisStateSettings settings = new RedisStateSettings(this.prefix, timeout, Duration.ofSeconds(1),
				RedisStateSettings.DEFAULT_TRIAL_LEAD, RedisStateSettings.DEFAULT_TRIAL_LEASE,
				RedisStateSettings.DEFAULT_FAILURE_WINDOW);
		RedisClientBudgets budgets = new RedisClientBudgets(redis.connectionFactory(), settings,
				Clock.fixed(NOW, ZoneOffset.UTC));
		budgets.start();
		// On a busy machine the first connection may take longer than start() waits:
		// calls then ask Redis again each resync interval.
		await().atMost(Duration.ofMinutes(1)).until(() -> {
			budgets.acquire("warm-up", new ClientLimits(1_000_000, 0, 0), 0).block();
			return budgets.status().shared();
		});
		this.instances.add(budgets);
		return budgets;
	}

}
