package io.github.fallbackllm.autoconfigure.springai;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.fallbackllm.springai.FallbackChatModel;
import io.github.fallbackllm.testsupport.ProviderStubs;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.beans.factory.NoUniqueBeanDefinitionException;
import org.springframework.beans.factory.UnsatisfiedDependencyException;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static io.github.fallbackllm.testsupport.ProviderStubs.anthropicMessage;
import static io.github.fallbackllm.testsupport.ProviderStubs.json;
import static io.github.fallbackllm.testsupport.ProviderStubs.ok;
import static io.github.fallbackllm.testsupport.ProviderStubs.openAiError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * An application with Spring AI's OpenAI starter and ours: two {@link ChatModel} beans,
 * and {@code llm.fallback.spring-ai.primary} decides which one {@link ChatClient} gets.
 * Runs in a surefire execution of its own (see the POM), since the starter's models need
 * an API key in every context with full auto-configuration.
 */
@Tag("spring-ai-openai-starter")
class SpringAiOpenAiStarterTests {

	@RegisterExtension
	static WireMockExtension primary = ProviderStubs.server();

	@RegisterExtension
	static WireMockExtension secondary = ProviderStubs.server();

	@Test
	void chatClientBuilderGetsTheFallbackChatModel() {
		primary.stubFor(post("/v1/chat/completions")
			.willReturn(json(429, openAiError("requests", "rate_limit_exceeded", "Rate limit reached"))));
		secondary.stubFor(post("/v1/messages").willReturn(ok(anthropicMessage("claude-sonnet-4-5", "Hello"))));
		try (ConfigurableApplicationContext context = start()) {
			assertThat(context.getBeansOfType(ChatModel.class).values())
				.hasAtLeastOneElementOfType(OpenAiChatModel.class)
				.hasAtLeastOneElementOfType(FallbackChatModel.class)
				.hasSize(2);

			ChatResponse response = context.getBean(ChatClient.Builder.class)
				.build()
				.prompt()
				.user("Hi")
				.call()
				.chatResponse();

			assertThat(response.getResult().getOutput().getText()).isEqualTo("Hello");
			assertThat((String) response.getMetadata().get(FallbackChatModel.PROVIDER_METADATA_KEY))
				.isEqualTo("anthropic");
		}
	}

	@Test
	void withoutPrimaryChatClientBuilderCannotChoose() {
		try (ConfigurableApplicationContext context = start("llm.fallback.spring-ai.primary=false")) {
			assertThatExceptionOfType(UnsatisfiedDependencyException.class)
				.isThrownBy(() -> context.getBean(ChatClient.Builder.class))
				.havingRootCause()
				.isInstanceOf(NoUniqueBeanDefinitionException.class);
		}
	}

	private static ConfigurableApplicationContext start(String... properties) {
		return new SpringApplicationBuilder(Application.class).web(WebApplicationType.NONE)
			.properties("spring.ai.openai.api-key=sk-proj-test0123456789abcdefSPRINGAI",
					// Loopback with nothing listening: a call that reached this model
					// would fail.
					"spring.ai.openai.base-url=http://127.0.0.1:1", "llm.fallback.providers[0].name=openai",
					"llm.fallback.providers[0].type=openai",
					"llm.fallback.providers[0].api-key=sk-proj-test0123456789abcdefOPENAI",
					"llm.fallback.providers[0].base-url=" + primary.baseUrl() + "/v1",
					"llm.fallback.providers[0].models=gpt-4o", "llm.fallback.providers[1].name=anthropic",
					"llm.fallback.providers[1].type=anthropic",
					"llm.fallback.providers[1].api-key=sk-ant-test-ANTHROPIC",
					"llm.fallback.providers[1].base-url=" + secondary.baseUrl() + "/v1",
					"llm.fallback.providers[1].models=claude-sonnet-4-5")
			.properties(properties)
			.run();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Application {

	}

}
