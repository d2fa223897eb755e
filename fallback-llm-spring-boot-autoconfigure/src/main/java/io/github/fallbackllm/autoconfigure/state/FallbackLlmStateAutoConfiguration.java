package io.github.fallbackllm.autoconfigure.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.fallbackllm.autoconfigure.ConfigurationProblem;
import io.github.fallbackllm.autoconfigure.FallbackLlmAutoConfiguration;
import io.github.fallbackllm.autoconfigure.InvalidFallbackLlmConfigurationException;
import io.github.fallbackllm.redis.RedisStateSettings;
import io.github.fallbackllm.redis.RedisTargetStateStore;
import io.github.fallbackllm.state.TargetStateStore;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.StringUtils;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of a {@link TargetStateStore} shared
 * through Redis when {@code llm.fallback.state.store=redis}, on the application's own
 * Redis connection. It runs before {@link FallbackLlmAutoConfiguration}, whose in-memory
 * store then backs off.
 *
 * @author Fallback LLM contributors
 */
@AutoConfiguration(before = FallbackLlmAutoConfiguration.class,
		afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnBooleanProperty(name = "llm.fallback.enabled", matchIfMissing = true)
@ConditionalOnProperty(name = "llm.fallback.state.store", havingValue = "redis")
@EnableConfigurationProperties(FallbackLlmStateProperties.class)
public final class FallbackLlmStateAutoConfiguration {

	private static final String STORE = "llm.fallback.state.store";

	private static final String REDIS = "llm.fallback.state.redis.";

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ RedisTargetStateStore.class, ReactiveRedisConnectionFactory.class })
	static class RedisStoreConfiguration {

		@Bean(initMethod = "start", destroyMethod = "close")
		@ConditionalOnMissingBean(TargetStateStore.class)
		RedisTargetStateStore llmRedisTargetStateStore(ObjectProvider<ReactiveRedisConnectionFactory> connectionFactory,
				FallbackLlmStateProperties properties, Environment environment) {
			ReactiveRedisConnectionFactory connection = connectionFactory.getIfUnique();
			if (connection == null) {
				throw new InvalidFallbackLlmConfigurationException(List.of(new ConfigurationProblem(STORE,
						"is 'redis' but the application has no single ReactiveRedisConnectionFactory",
						"add spring-boot-starter-data-redis-reactive and set spring.data.redis.*, "
								+ "or set llm.fallback.state.store=memory")));
			}
			return new RedisTargetStateStore(connection, settings(properties.getRedis(), environment));
		}

		private static RedisStateSettings settings(FallbackLlmStateProperties.Redis redis, Environment environment) {
			List<ConfigurationProblem> problems = new ArrayList<>();
			positive(problems, "timeout", redis.getTimeout());
			positive(problems, "resync-interval", redis.getResyncInterval());
			positive(problems, "trial-lease", redis.getTrialLease());
			positive(problems, "failure-window", redis.getFailureWindow());
			if (redis.getTrialLead().isNegative()) {
				problems
					.add(new ConfigurationProblem(REDIS + "trial-lead", "is negative", "set 0 or more, such as 200ms"));
			}
			// The default refers to spring.application.name, which binding leaves as it
			// is.
			String prefix = environment.resolvePlaceholders(redis.getKeyPrefix());
			if (!StringUtils.hasText(prefix)) {
				problems.add(new ConfigurationProblem(REDIS + "key-prefix", "is empty",
						"remove it, or set a prefix that names the application"));
			}
			if (!problems.isEmpty()) {
				throw new InvalidFallbackLlmConfigurationException(problems);
			}
			return new RedisStateSettings(prefix, redis.getTimeout(), redis.getResyncInterval(), redis.getTrialLead(),
					redis.getTrialLease(), redis.getFailureWindow());
		}

		private static void positive(List<ConfigurationProblem> problems, String property, Duration value) {
			if (value.isNegative() || value.isZero()) {
				problems.add(new ConfigurationProblem(REDIS + property, "is " + value + ", not a positive duration",
						"set a positive duration, or remove it for the default"));
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(OnRedisModuleMissingCondition.class)
	static class MissingRedisConfiguration {

		@Bean
		@Lazy(false)
		static Object llmTargetStateStoreRequirements(ResourceLoader resourceLoader) {
			throw new InvalidFallbackLlmConfigurationException(List.of(new ConfigurationProblem(STORE,
					"is 'redis' but " + OnRedisModuleMissingCondition.missing(resourceLoader.getClassLoader())
							+ " is not on the classpath",
					"add io.github.fallbackllm:fallback-llm-redis and spring-boot-starter-data-redis-reactive, "
							+ "or set llm.fallback.state.store=memory")));
		}

	}

}
