package io.github.fallbackllm.autoconfigure.state;

import java.time.Duration;
import java.time.Instant;

import io.github.fallbackllm.FallbackChatService;
import io.github.fallbackllm.autoconfigure.FallbackLlmAutoConfiguration;
import io.github.fallbackllm.autoconfigure.InvalidFallbackLlmConfigurationException;
import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.redis.RedisTargetStateStore;
import io.github.fallbackllm.redis.testsupport.RedisServer;
import io.github.fallbackllm.state.Cooldown;
import io.github.fallbackllm.state.Failure;
import io.github.fallbackllm.state.InMemoryTargetStateStore;
import io.github.fallbackllm.state.TargetStateStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link FallbackLlmStateAutoConfiguration} and
 * {@link FallbackLlmStateHealthContributorAutoConfiguration}, against a real Redis.
 */
class FallbackLlmStateAutoConfigurationTests {

	@RegisterExtension
	static RedisServer redis = new RedisServer();

	// The connection Spring Boot's Redis auto-configuration would define from
	// spring.data.redis.*; that module stays off this module's test class path, where its
	// health indicator would report every other test's missing Redis.
	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(FallbackLlmStateAutoConfiguration.class,
				FallbackLlmStateHealthContributorAutoConfiguration.class))
		.withBean(ReactiveRedisConnectionFactory.class, () -> redis.connectionFactory());

	@Test
	void memoryIsTheDefault() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(TargetStateStore.class)
			.doesNotHaveBean(RedisStateStoreHealthIndicator.class));
	}

	@Test
	void redisStoreSharesUnderThePrefixOfTheApplicationsName() {
		this.contextRunner
			.withPropertyValues("llm.fallback.state.store=redis", "spring.application.name=billing-assistant")
			.run((context) -> {
				assertThat(context).hasSingleBean(TargetStateStore.class).hasSingleBean(RedisTargetStateStore.class);
				coolDown(context.getBean(TargetStateStore.class));
				await().until(() -> redis.command("EXISTS fallback-llm:billing-assistant:cooldown:provider:openai"),
						":1"::equals);
			});
	}

	@Test
	void keyPrefixCanBeSet() {
		this.contextRunner
			.withPropertyValues("llm.fallback.state.store=redis", "llm.fallback.state.redis.key-prefix=llm")
			.run((context) -> {
				coolDown(context.getBean(TargetStateStore.class));
				await().until(() -> redis.command("EXISTS llm:cooldown:provider:openai"), ":1"::equals);
			});
	}

	@Test
	void durationsThatCannotWorkAreReported() {
		this.contextRunner
			.withPropertyValues("llm.fallback.state.store=redis", "llm.fallback.state.redis.timeout=0s",
					"llm.fallback.state.redis.trial-lead=-1s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidFallbackLlmConfigurationException.class)
				.hasMessageContaining("llm.fallback.state.redis.timeout")
				.hasMessageContaining("llm.fallback.state.redis.trial-lead"));
	}

	@Test
	void redisWithoutSpringDataRedisIsReported() {
		this.contextRunner.withPropertyValues("llm.fallback.state.store=redis")
			.withClassLoader(new FilteredClassLoader(ReactiveRedisConnectionFactory.class))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidFallbackLlmConfigurationException.class)
				.hasMessageContaining("llm.fallback.state.store")
				.hasMessageContaining("Spring Data Redis is not on the classpath"));
	}

	@Test
	void redisWithoutTheRedisModuleIsReported() {
		this.contextRunner.withPropertyValues("llm.fallback.state.store=redis")
			.withClassLoader(new FilteredClassLoader(RedisTargetStateStore.class))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("fallback-llm-redis is not on the classpath"));
	}

	@Test
	void redisWithoutAConnectionIsReported() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(FallbackLlmStateAutoConfiguration.class))
			.withPropertyValues("llm.fallback.state.store=redis")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidFallbackLlmConfigurationException.class)
				.hasMessageContaining("no single ReactiveRedisConnectionFactory"));
	}

	@Test
	void redisStoreReplacesTheInMemoryDefaultOfTheChatService() {
		this.contextRunner
			.withConfiguration(
					AutoConfigurations.of(WebClientAutoConfiguration.class, FallbackLlmAutoConfiguration.class))
			.withPropertyValues("llm.fallback.state.store=redis", "llm.fallback.providers[0].name=openai",
					"llm.fallback.providers[0].type=openai", "llm.fallback.providers[0].base-url=http://127.0.0.1:9/v1",
					"llm.fallback.providers[0].api-key=sk-test-state0123456789abcdefSTATE",
					"llm.fallback.providers[0].models=gpt-4o")
			.run((context) -> {
				assertThat(context).hasSingleBean(FallbackChatService.class).hasSingleBean(TargetStateStore.class);
				assertThat(context.getBean(TargetStateStore.class)).isInstanceOf(RedisTargetStateStore.class);
			});
	}

	@Test
	void declaredBudgetsAreLeasedFromRedisWithTheRedisStoreAndCountedInMemoryWithout() {
		String[] provider = { "llm.fallback.providers[0].name=openai", "llm.fallback.providers[0].type=openai",
				"llm.fallback.providers[0].base-url=http://127.0.0.1:9/v1",
				"llm.fallback.providers[0].api-key=sk-test-state0123456789abcdefSTATE",
				"llm.fallback.providers[0].models=gpt-4o", "llm.fallback.providers[0].rpm=100" };
		ApplicationContextRunner chat = this.contextRunner
			.withConfiguration(
					AutoConfigurations.of(WebClientAutoConfiguration.class, FallbackLlmAutoConfiguration.class))
			.withPropertyValues(provider);
		chat.run((context) -> {
			FallbackChatService service = context.getBean(FallbackChatService.class);
			assertThatException().isThrownBy(() -> service.chat(ChatRequest.of("hello")));
			// Counted here at once: the call and its retry.
			assertThat(service.budgetLeft("openai/gpt-4o")).hasValue(0.98);
		});
		chat.withPropertyValues("llm.fallback.state.store=redis", "llm.fallback.state.redis.key-prefix=leases")
			.run((context) -> {
				await().until(() -> context.getBean(TargetStateStore.class).budgets().isShared());
				assertThatException()
					.isThrownBy(() -> context.getBean(FallbackChatService.class).chat(ChatRequest.of("hello")));
				await().until(() -> redis.command("EVAL \"return #redis.call('KEYS', ARGV[1])\" 0 "
						+ "leases:target-budget:{openai/gpt-4o}:rpm:*"), ":1"::equals);
			});
	}

	@Test
	void applicationsOwnStoreIsKept() {
		TargetStateStore own = new InMemoryTargetStateStore();
		this.contextRunner.withPropertyValues("llm.fallback.state.store=redis")
			.withBean(TargetStateStore.class, () -> own)
			.run((context) -> assertThat(context.getBean(TargetStateStore.class)).isSameAs(own));
	}

	@Test
	void healthIsUpWhileSharedAndDegradedWhileRedisIsOut() {
		this.contextRunner.withPropertyValues("llm.fallback.state.store=redis").run((context) -> {
			RedisStateStoreHealthIndicator health = context.getBean(RedisStateStoreHealthIndicator.class);
			await().until(() -> health.health().getStatus().equals(Status.UP));
			redis.stop();
			try {
				coolDown(context.getBean(TargetStateStore.class));
				await().until(() -> health.health().getStatus().equals(RedisStateStoreHealthIndicator.DEGRADED));
				assertThat(health.health().getDetails()).containsEntry("shared", false).containsKey("problem");
			}
			finally {
				redis.start();
			}
			await().atMost(Duration.ofSeconds(20)).until(() -> health.health().getStatus().equals(Status.UP));
		});
	}

	private static void coolDown(TargetStateStore store) {
		Instant now = Instant.now();
		store.provider("openai")
			.failed(new Failure(now, AttemptOutcome.QUOTA_EXCEEDED, 429, "quota"),
					new Cooldown(now.plusSeconds(60), AttemptOutcome.QUOTA_EXCEEDED, "quota"), 1);
	}

}
