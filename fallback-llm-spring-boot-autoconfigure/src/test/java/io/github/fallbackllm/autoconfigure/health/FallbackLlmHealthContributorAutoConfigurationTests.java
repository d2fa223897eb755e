package io.github.fallbackllm.autoconfigure.health;

import io.github.fallbackllm.FallbackChatService;
import io.github.fallbackllm.autoconfigure.FallbackLlmAutoConfiguration;
import io.github.fallbackllm.autoconfigure.health.LlmHealthIndicator;
import io.github.fallbackllm.autoconfigure.health.LlmProviderProbeScheduler;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link FallbackLlmHealthContributorAutoConfiguration}.
 */
class FallbackLlmHealthContributorAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(FallbackLlmAutoConfiguration.class,
				FallbackLlmHealthContributorAutoConfiguration.class))
		.withPropertyValues("llm.fallback.providers[0].name=openai", "llm.fallback.providers[0].type=openai",
				"llm.fallback.providers[0].base-url=http://localhost:1/v1", "llm.fallback.providers[0].models=gpt-4o");

	@Test
	void runShouldCreateIndicatorWithoutBackgroundProbes() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(LlmHealthIndicator.class)
				.doesNotHaveBean(LlmProviderProbeScheduler.class);
			assertThat(context.getBean(LlmHealthIndicator.class).probes()).singleElement()
				.satisfies((probe) -> assertThat(probe.provider().name()).isEqualTo("openai"));
		});
	}

	@Test
	void runWhenDisabledShouldNotCreateIndicator() {
		this.contextRunner.withPropertyValues("management.health.llm.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LlmHealthIndicator.class)
				.hasSingleBean(FallbackChatService.class));
	}

	@Test
	void runWhenHealthIndicatorsAreDisabledByDefaultShouldNotCreateIndicator() {
		this.contextRunner.withPropertyValues("management.health.defaults.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LlmHealthIndicator.class));
	}

	@Test
	void runWithoutSpringBootHealthShouldNotCreateIndicator() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(LlmHealthIndicator.class)
				.hasSingleBean(FallbackChatService.class));
	}

	@Test
	void runWhenFallbackIsDisabledShouldNotCreateIndicator() {
		this.contextRunner.withPropertyValues("llm.fallback.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(LlmHealthIndicator.class));
	}

	@Test
	void runWithUserDefinedIndicatorShouldBackOff() {
		ReactiveHealthIndicator own = () -> reactor.core.publisher.Mono.just(Health.up().build());
		this.contextRunner.withBean("llmHealthIndicator", ReactiveHealthIndicator.class, () -> own)
			.run((context) -> assertThat(context).doesNotHaveBean(LlmHealthIndicator.class)
				.getBean("llmHealthIndicator")
				.isSameAs(own));
	}

	@Test
	void runWithProbeIntervalShouldProbeInTheBackgroundUntilTheContextCloses() {
		this.contextRunner.withPropertyValues("llm.fallback.health.probe-interval=1m").run((context) -> {
			LlmProviderProbeScheduler scheduler = context.getBean(LlmProviderProbeScheduler.class);
			assertThat(scheduler.isRunning()).isTrue();
			context.close();
			assertThat(scheduler.isRunning()).isFalse();
		});
	}

}
