package io.github.fallbackllm.autoconfigure.state;

import io.github.fallbackllm.redis.RedisTargetStateStore;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the {@code llmStateStore} health
 * indicator of a {@link RedisTargetStateStore}.
 *
 * @author Fallback LLM contributors
 */
@AutoConfiguration(after = FallbackLlmStateAutoConfiguration.class)
@ConditionalOnClass({ RedisTargetStateStore.class, HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(RedisTargetStateStore.class)
public final class FallbackLlmStateHealthContributorAutoConfiguration {

	// On the bean rather than the class, as in the llm health auto-configuration.
	@Bean
	@ConditionalOnEnabledHealthIndicator("llmstatestore")
	@ConditionalOnMissingBean(name = "llmStateStoreHealthIndicator")
	RedisStateStoreHealthIndicator llmStateStoreHealthIndicator(RedisTargetStateStore store) {
		return new RedisStateStoreHealthIndicator(store);
	}

}
