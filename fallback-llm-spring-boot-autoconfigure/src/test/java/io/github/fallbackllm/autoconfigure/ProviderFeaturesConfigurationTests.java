package io.github.fallbackllm.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.fallbackllm.FallbackChatService;
import io.github.fallbackllm.chat.Capability;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.provider.LlmProvider;
import io.github.fallbackllm.testsupport.ProviderStubs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.ByteArrayResource;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.github.fallbackllm.testsupport.ProviderStubs.ok;
import static io.github.fallbackllm.testsupport.ProviderStubs.openAiCompletion;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A provider entry's {@code capabilities} and {@code extra-body} reach its provider.
 */
class ProviderFeaturesConfigurationTests {

	@RegisterExtension
	static WireMockExtension server = ProviderStubs.server();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(FallbackLlmAutoConfiguration.class));

	private final ApplicationContextRunner localProvider = this.contextRunner.withPropertyValues(
			"llm.fallback.providers[0].name=local", "llm.fallback.providers[0].type=openai",
			"llm.fallback.providers[0].base-url=" + server.baseUrl() + "/v1", "llm.fallback.providers[0].models=qwen3");

	@Test
	void capabilitiesAndExtraBodyFieldsAreConfiguredPerProvider() {
		server.stubFor(post("/v1/chat/completions").willReturn(ok(openAiCompletion("qwen3", "Hi"))));
		this.localProvider
			.withPropertyValues("llm.fallback.providers[0].capabilities=tools,json-schema",
					"llm.fallback.providers[0].extra-body.reasoning_effort=low",
					"llm.fallback.providers[0].extra-body.chat_template_kwargs.enable_thinking=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(LlmProvider.class).capabilities())
					.containsExactlyInAnyOrder(Capability.TOOLS, Capability.JSON_SCHEMA);
				context.getBean(FallbackChatService.class).chat(ChatRequest.of("Hi"));
				server.verify(postRequestedFor(urlEqualTo("/v1/chat/completions")).withRequestBody(equalToJson("""
						{"reasoning_effort":"low","chat_template_kwargs":{"enable_thinking":"false"}}""", false,
						true)));
			});
	}

	@Test
	void extraBodyValuesFromYamlKeepTheirTypes() {
		server.stubFor(post("/v1/chat/completions").willReturn(ok(openAiCompletion("qwen3", "Hi"))));
		this.contextRunner.withInitializer((context) -> {
			try {
				new YamlPropertySourceLoader().load("extra", new ByteArrayResource("""
						llm.fallback.providers:
						  - name: local
						    type: openai
						    base-url: %s/v1
						    models: qwen3
						    extra-body:
						      chat_template_kwargs:
						        enable_thinking: false
						      top_k: 20
						""".formatted(server.baseUrl()).getBytes(StandardCharsets.UTF_8)))
					.forEach(context.getEnvironment().getPropertySources()::addFirst);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}).run((context) -> {
			context.getBean(FallbackChatService.class).chat(ChatRequest.of("Hi"));
			server.verify(postRequestedFor(urlEqualTo("/v1/chat/completions")).withRequestBody(equalToJson("""
					{"chat_template_kwargs":{"enable_thinking":false},"top_k":20}""", false, true)));
		});
	}

	@Test
	void withoutConfigurationAProviderSupportsEverything() {
		this.localProvider
			.run((context) -> assertThat(context.getBean(LlmProvider.class).capabilities()).isEqualTo(Capability.ALL));
	}

}
