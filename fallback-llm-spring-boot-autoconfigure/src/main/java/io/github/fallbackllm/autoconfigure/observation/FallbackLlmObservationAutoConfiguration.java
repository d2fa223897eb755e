package io.github.fallbackllm.autoconfigure.observation;

import io.github.fallbackllm.FallbackChatService;
import io.github.fallbackllm.autoconfigure.FallbackLlmAutoConfiguration;
import io.github.fallbackllm.autoconfigure.LlmProviderChain;
import io.github.fallbackllm.metrics.BudgetMeterBinder;
import io.github.fallbackllm.metrics.CoolingTargetsMeterBinder;
import io.github.fallbackllm.metrics.MeterFallbackListener;
import io.github.fallbackllm.metrics.TokenUsageMeterObservationHandler;
import io.github.fallbackllm.observation.AttemptObservationConvention;
import io.github.fallbackllm.observation.CallObservationConvention;
import io.github.fallbackllm.observation.FallbackObservations;
import io.github.fallbackllm.state.TargetStateStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the observations and meters of
 * the fallback chain: calls and attempts are observed when the application has an
 * {@link ObservationRegistry}, and fallbacks, skips, cooldowns, cooling targets, time to
 * first chunk and tokens are metered when it has a {@link MeterRegistry}. A
 * {@link CallObservationConvention} or {@link AttemptObservationConvention} bean replaces
 * the default names and keys.
 *
 * @author Fallback LLM contributors
 */
@AutoConfiguration(after = FallbackLlmAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnBean(LlmProviderChain.class)
@ConditionalOnBooleanProperty(name = "llm.fallback.observations.enabled", matchIfMissing = true)
@EnableConfigurationProperties(FallbackLlmObservationProperties.class)
public final class FallbackLlmObservationAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(ObservationRegistry.class)
	static class ObservationConfiguration {

		@Bean
		@ConditionalOnMissingBean
		FallbackObservations fallbackObservations(ObservationRegistry registry,
				ObjectProvider<CallObservationConvention> callConvention,
				ObjectProvider<AttemptObservationConvention> attemptConvention,
				FallbackLlmObservationProperties properties) {
			return new FallbackObservations(registry, callConvention.getIfUnique(), attemptConvention.getIfUnique(),
					properties.getAttempts().isEnabled());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	static class MeterConfiguration {

		@Bean
		@ConditionalOnMissingBean
		MeterFallbackListener meterFallbackListener(MeterRegistry registry) {
			return new MeterFallbackListener(registry);
		}

		@Bean
		@ConditionalOnMissingBean
		CoolingTargetsMeterBinder coolingTargetsMeterBinder(TargetStateStore store, LlmProviderChain chain) {
			return new CoolingTargetsMeterBinder(store,
					chain.links().stream().map(LlmProviderChain.Link::provider).toList());
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(FallbackChatService.class)
		BudgetMeterBinder budgetMeterBinder(FallbackChatService service) {
			return new BudgetMeterBinder(service);
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(ObservationRegistry.class)
		@ConditionalOnBooleanProperty(name = "llm.fallback.observations.token-usage.enabled", matchIfMissing = true)
		TokenUsageMeterObservationHandler tokenUsageMeterObservationHandler(MeterRegistry registry) {
			return new TokenUsageMeterObservationHandler(registry);
		}

	}

}
