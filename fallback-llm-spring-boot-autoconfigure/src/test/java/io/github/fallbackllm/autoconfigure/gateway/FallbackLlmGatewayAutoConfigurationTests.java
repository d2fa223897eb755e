package io.github.fallbackllm.autoconfigure.gateway;

import io.github.fallbackllm.autoconfigure.FallbackLlmAutoConfiguration;
import io.github.fallbackllm.gateway.GatewayProperties;
import io.github.fallbackllm.gateway.GatewayRoutes;
import io.github.fallbackllm.gateway.GatewayWebExceptionHandler;
import io.github.fallbackllm.gateway.ImageUrls;
import io.github.fallbackllm.gateway.chatcompletions.ChatCompletionsDialect;
import io.github.fallbackllm.gateway.messages.MessagesDialect;
import io.github.fallbackllm.gateway.responses.InMemoryResponseStore;
import io.github.fallbackllm.gateway.responses.ResponseStore;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.util.unit.DataSize;
import org.springframework.web.reactive.function.server.RouterFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link FallbackLlmGatewayAutoConfiguration}.
 */
class FallbackLlmGatewayAutoConfigurationTests {

	private static final String[] PROVIDER = { "llm.fallback.providers[0].name=openai",
			"llm.fallback.providers[0].type=openai", "llm.fallback.providers[0].api-key=sk-proj-test0123456789abcdef",
			"llm.fallback.providers[0].base-url=http://localhost:1/v1", "llm.fallback.providers[0].models=gpt-4o" };

	private final ReactiveWebApplicationContextRunner contextRunner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(FallbackLlmAutoConfiguration.class, FallbackLlmGatewayAutoConfiguration.class))
		.withPropertyValues(PROVIDER);

	@Test
	void runShouldServeTheGatewayWithDefaultsFitForLlmTraffic() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasBean("fallbackLlmGatewayEndpoints")
				.hasBean("fallbackLlmGatewayMessagesCountTokens")
				.hasSingleBean(ChatCompletionsDialect.class)
				.hasSingleBean(MessagesDialect.class)
				.hasSingleBean(GatewayWebExceptionHandler.class)
				.hasSingleBean(NettyServerCustomizer.class);
			GatewayProperties properties = context.getBean(GatewayProperties.class);
			assertThat(properties.getMaxRequestSize()).isEqualTo(DataSize.ofMegabytes(32));
			assertThat(properties.isAllowHttpImageUrls()).isFalse();
			assertThat(context.getBean(GatewayRoutes.class).models()).extracting(GatewayRoutes.Model::id)
				.containsExactly("gpt-4o");
		});
	}

	@Test
	void runShouldStoreNoResponseUnlessTold() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(ResponseStore.class));
	}

	@Test
	void runWithTheResponseStoreAndNoRedisShouldKeepResponsesInMemory() {
		this.contextRunner.withPropertyValues("llm.fallback.gateway.responses.store=true")
			.run((context) -> assertThat(context).getBean(ResponseStore.class)
				.isInstanceOf(InMemoryResponseStore.class));
	}

	@Test
	void runWhenDisabledShouldServeNothing() {
		this.contextRunner.withPropertyValues("llm.fallback.gateway.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RouterFunction.class)
				.doesNotHaveBean(GatewayWebExceptionHandler.class)
				.doesNotHaveBean(NettyServerCustomizer.class));
	}

	@Test
	void runOutsideAReactiveWebApplicationShouldServeNothing() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(FallbackLlmAutoConfiguration.class,
					FallbackLlmGatewayAutoConfiguration.class))
			.withPropertyValues(PROVIDER)
			.run((context) -> assertThat(context).doesNotHaveBean(RouterFunction.class));
	}

	@Test
	void runWithAnApplicationDialectShouldUseIt() {
		ChatCompletionsDialect own = new ChatCompletionsDialect(new ImageUrls(true));
		this.contextRunner.withBean(ChatCompletionsDialect.class, () -> own)
			.run((context) -> assertThat(context.getBean(ChatCompletionsDialect.class)).isSameAs(own));
	}

	@Test
	void runWithARequestSizeThatDoesNotFitAnIntShouldFailToStart() {
		this.contextRunner.withPropertyValues("llm.fallback.gateway.max-request-size=4GB")
			.run((context) -> assertThat(context).hasFailed());
	}

}
