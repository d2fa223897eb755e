package io.github.fallbackllm.autoconfigure.observation;

import java.util.List;

import io.github.fallbackllm.FallbackChatService;
import io.github.fallbackllm.autoconfigure.FallbackLlmAutoConfiguration;
import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.chat.FinishReason;
import io.github.fallbackllm.chat.TokenUsage;
import io.github.fallbackllm.metrics.BudgetMeterBinder;
import io.github.fallbackllm.metrics.CoolingTargetsMeterBinder;
import io.github.fallbackllm.metrics.MeterFallbackListener;
import io.github.fallbackllm.metrics.TokenUsageMeterObservationHandler;
import io.github.fallbackllm.observation.AttemptObservationConvention;
import io.github.fallbackllm.observation.DefaultAttemptObservationConvention;
import io.github.fallbackllm.observation.FallbackObservations;
import io.github.fallbackllm.provider.LlmProvider;
import io.github.fallbackllm.provider.ProviderException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link FallbackLlmObservationAutoConfiguration}.
 */
class FallbackLlmObservationAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(FallbackLlmAutoConfiguration.class,
				FallbackLlmObservationAutoConfiguration.class))
		.withUserConfiguration(Providers.class);

	private final ApplicationContextRunner withMicrometer = this.contextRunner
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class));

	@Test
	void callsAttemptsFallbacksCooldownsAndTokensAreMeteredWhenRegistriesArePresent() {
		this.withMicrometer.run((context) -> {
			assertThat(context).hasSingleBean(FallbackObservations.class)
				.hasSingleBean(MeterFallbackListener.class)
				.hasSingleBean(CoolingTargetsMeterBinder.class)
				.hasSingleBean(BudgetMeterBinder.class)
				.hasSingleBean(TokenUsageMeterObservationHandler.class);
			assertThat(context.getBean(FallbackChatService.class).chat("Hello")).isEqualTo("hello");
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get("gen_ai.client.operation")
				.tag("llm.fallback.provider", "primary")
				.tag("error.type", "rate_limited")
				.timer()
				.count()).isEqualTo(1);
			assertThat(meters.get("gen_ai.client.operation").tag("llm.fallback.provider", "secondary").timer().count())
				.isEqualTo(1);
			assertThat(meters.get("llm.fallback.call").tag("outcome", "served").tag("hops", "1").timer().count())
				.isEqualTo(1);
			assertThat(meters.get(MeterFallbackListener.FALLBACKS).counter().count()).isEqualTo(1);
			assertThat(meters.get(MeterFallbackListener.COOLDOWNS).tag("cause", "rate_limited").counter().count())
				.isEqualTo(1);
			assertThat(meters.get(CoolingTargetsMeterBinder.TARGETS_COOLING)
				.tag("llm.fallback.provider", "primary")
				.gauge()
				.value()).isEqualTo(1);
			assertThat(
					meters.get(BudgetMeterBinder.BUDGET_LEFT).tag("llm.fallback.provider", "secondary").gauge().value())
				.as("no limit declared or learned")
				.isEqualTo(1.0);
			assertThat(meters.get(TokenUsageMeterObservationHandler.TOKEN_USAGE)
				.tag("gen_ai.token.type", "input")
				.tag("llm.fallback.provider", "secondary")
				.counter()
				.count()).isEqualTo(12);
		});
	}

	@Test
	void nothingIsObservedOrMeteredWithoutRegistries() {
		this.contextRunner.run((context) -> {
			assertThat(context).doesNotHaveBean(FallbackObservations.class)
				.doesNotHaveBean(MeterFallbackListener.class)
				.doesNotHaveBean(CoolingTargetsMeterBinder.class);
			assertThat(context.getBean(FallbackChatService.class).chat("Hello")).isEqualTo("hello");
		});
	}

	@Test
	void nothingIsMeteredWithoutMicrometerCore() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.withBean(ObservationRegistry.class, ObservationRegistry::create)
			.run((context) -> assertThat(context).hasSingleBean(FallbackObservations.class)
				.doesNotHaveBean(MeterFallbackListener.class)
				.doesNotHaveBean(TokenUsageMeterObservationHandler.class));
	}

	@Test
	void nothingIsObservedOrMeteredWhenDisabled() {
		this.withMicrometer.withPropertyValues("llm.fallback.observations.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(FallbackObservations.class)
				.doesNotHaveBean(MeterFallbackListener.class)
				.doesNotHaveBean(TokenUsageMeterObservationHandler.class);
			context.getBean(FallbackChatService.class).chat("Hello");
			assertThat(context.getBean(MeterRegistry.class).find("llm.fallback.call").timer()).isNull();
		});
	}

	@Test
	void attemptsAndTokensCanBeSwitchedOffAlone() {
		this.withMicrometer
			.withPropertyValues("llm.fallback.observations.attempts.enabled=false",
					"llm.fallback.observations.token-usage.enabled=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(TokenUsageMeterObservationHandler.class);
				context.getBean(FallbackChatService.class).chat("Hello");
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				assertThat(meters.find("llm.fallback.call").timer()).isNotNull();
				assertThat(meters.find("gen_ai.client.operation").timer()).isNull();
				assertThat(meters.find(TokenUsageMeterObservationHandler.TOKEN_USAGE).counter()).isNull();
			});
	}

	@Test
	void aCustomConventionBeanReplacesTheDefault() {
		this.withMicrometer
			.withBean(AttemptObservationConvention.class, () -> new DefaultAttemptObservationConvention() {

				@Override
				public String getName() {
					return "my.llm.attempt";
				}

			})
			.run((context) -> {
				context.getBean(FallbackChatService.class).chat("Hello");
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				assertThat(meters.get("my.llm.attempt").timers()).hasSize(2);
				assertThat(meters.find("gen_ai.client.operation").timer()).isNull();
			});
	}

	@Test
	void theObservationsOfTheApplicationAreKept() {
		FallbackObservations own = new FallbackObservations(ObservationRegistry.NOOP, null, null, false);
		this.withMicrometer.withBean(FallbackObservations.class, () -> own)
			.run((context) -> assertThat(context).getBean(FallbackObservations.class).isSameAs(own));
	}

	@Configuration(proxyBeanMethods = false)
	static class Providers {

		@Bean
		@Order(1)
		LlmProvider primary() {
			return provider("primary",
					Mono.error(() -> ProviderException.of(AttemptOutcome.RATE_LIMITED, "slow down")));
		}

		@Bean
		@Order(2)
		LlmProvider secondary() {
			return provider("secondary", Mono.fromSupplier(() -> new ChatResponse("hello", "secondary", "model-v1",
					FinishReason.STOP, new TokenUsage(12, 3), List.of())));
		}

		private static LlmProvider provider(String name, Mono<ChatResponse> answer) {
			return new LlmProvider() {

				@Override
				public String name() {
					return name;
				}

				@Override
				public List<String> models() {
					return List.of("model");
				}

				@Override
				public Mono<ChatResponse> chat(String model, ChatRequest request) {
					return answer;
				}

			};
		}

	}

}
