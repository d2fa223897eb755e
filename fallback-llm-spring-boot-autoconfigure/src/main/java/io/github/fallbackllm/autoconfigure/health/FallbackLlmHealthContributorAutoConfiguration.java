package io.github.fallbackllm.autoconfigure.health;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.github.fallbackllm.FallbackChatService;
import io.github.fallbackllm.autoconfigure.FallbackLlmAutoConfiguration;
import io.github.fallbackllm.autoconfigure.FallbackLlmProperties;
import io.github.fallbackllm.autoconfigure.LlmProviderChain;
import io.github.fallbackllm.health.LlmProviderProbe;
import io.github.fallbackllm.health.MonitoredProvider;
import io.github.fallbackllm.policy.FailurePolicy;
import io.github.fallbackllm.state.TargetStateStore;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for {@link LlmHealthIndicator}, the
 * {@code llm} health indicator. Providers are probed when health is requested, unless
 * {@code llm.fallback.health.probe-interval} asks for background probes.
 *
 * @author Fallback LLM contributors
 */
@AutoConfiguration(after = FallbackLlmAutoConfiguration.class)
@ConditionalOnClass({ ReactiveHealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(LlmProviderChain.class)
public final class FallbackLlmHealthContributorAutoConfiguration {

	// On the bean rather than the class: its condition class lives in spring-boot-health,
	// which the class condition must be able to find missing first.
	@Bean
	@ConditionalOnEnabledHealthIndicator("llm")
	@ConditionalOnMissingBean(name = { "llmHealthIndicator", "llmHealthContributor" })
	LlmHealthIndicator llmHealthIndicator(LlmProviderChain chain, TargetStateStore states, FailurePolicy failurePolicy,
			ObjectProvider<FallbackChatService> service, FallbackLlmProperties properties) {
		FallbackLlmProperties.Health health = properties.getHealth();
		Clock clock = states.clock();
		return new LlmHealthIndicator(chain.links().stream().map((link) -> {
			LlmProviderProbe probe = new LlmProviderProbe(link.provider(), failurePolicy, chain.advice(),
					chain.redactor(), health.getTimeout(), health.getCacheTtl(), clock);
			return new MonitoredProvider(probe, (link.type() != null) ? link.type() : "custom", link.baseUrl());
		}).toList(), states,
				Optional.ofNullable(service.getIfUnique()).map(FallbackChatService::routes).orElse(List.of()));
	}

	@Bean
	@ConditionalOnBean(LlmHealthIndicator.class)
	@ConditionalOnProperty("llm.fallback.health.probe-interval")
	LlmProviderProbeScheduler llmProviderProbeScheduler(LlmHealthIndicator llmHealthIndicator,
			FallbackLlmProperties properties) {
		return new LlmProviderProbeScheduler(llmHealthIndicator.probes(),
				Objects.requireNonNull(properties.getHealth().getProbeInterval(), "probe-interval"));
	}

}
