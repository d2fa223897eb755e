package io.github.fallbackllm.autoconfigure;

import io.github.fallbackllm.testsupport.RunningApplication;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link FallbackLlmSanitizingFunction}: provider credentials stay hidden in
 * the {@code env} and {@code configprops} endpoints even when they show values.
 */
class FallbackLlmSanitizingFunctionTests {

	private static final String OPENAI_KEY = "sk-proj-sanitize0123456789abcdefOPENAI";

	private static final String ANTHROPIC_KEY = "sk-ant-sanitize-CLAUDE";

	private static final String GATEWAY_TOKEN = "gw-token-0123456789abcdef";

	private RunningApplication application;

	@AfterEach
	void close() {
		if (this.application != null) {
			this.application.close();
		}
	}

	@Test
	void envEndpointShowingValuesMasksKeysCredentialHeadersAndTheVariablesPlaceholdersRead() {
		WebTestClient client = start();

		String body = client.get()
			.uri("/actuator/env")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();

		assertThat(body).doesNotContain(OPENAI_KEY, ANTHROPIC_KEY, GATEWAY_TOKEN)
			.contains("\"llm.fallback.providers[0].headers.OpenAI-Organization\":{\"value\":\"org-visible\"")
			.contains("\"llm.fallback.providers[0].name\":{\"value\":\"openai\"");
		client.get()
			.uri("/actuator/env/llm.fallback.providers[0].api-key")
			.exchange()
			.expectBody()
			.jsonPath("$.property.value")
			.isEqualTo("******");
		client.get()
			.uri("/actuator/env/TEST_OPENAI_KEY")
			.exchange()
			.expectBody()
			.jsonPath("$.property.value")
			.isEqualTo("******");
		client.get()
			.uri("/actuator/env/TEST_ANTHROPIC_KEY")
			.exchange()
			.expectBody()
			.jsonPath("$.property.value")
			.isEqualTo("******");
	}

	@Test
	void configpropsEndpointShowingValuesMasksKeysAndCredentialHeaders() {
		WebTestClient client = start();

		String body = client.get()
			.uri("/actuator/configprops/llm.fallback")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();

		assertThat(body).doesNotContain(OPENAI_KEY, ANTHROPIC_KEY, GATEWAY_TOKEN)
			.contains("\"apiKey\":\"******\"")
			.contains("\"Authorization\":\"******\"")
			.contains("\"OpenAI-Organization\":\"org-visible\"");
	}

	@Test
	void providerKeysAndCredentialHeadersAreMaskedWhateverTheNamingOfTheirSource() {
		FallbackLlmSanitizingFunction function = new FallbackLlmSanitizingFunction(new FallbackLlmProperties());

		assertThat(List.of("llm.fallback.providers[0].api-key", "llm.fallback.providers[12].apiKey",
				"LLM_FALLBACK_PROVIDERS_0_API_KEY", "llm.fallback.providers[0].headers.x-api-key",
				"llm.fallback.providers[0].headers[Authorization]", "LLM_FALLBACK_PROVIDERS_1_HEADERS_X_AUTH_TOKEN"))
			.allSatisfy((key) -> assertThat(function.apply(new SanitizableData(null, key, "value")).getValue()).as(key)
				.isEqualTo(SanitizableData.SANITIZED_VALUE));
		assertThat(List.of("llm.fallback.providers[0].name", "llm.fallback.providers[0].headers.OpenAI-Organization",
				"llm.fallback.providers[0].base-url", "other.api-key"))
			.allSatisfy((key) -> assertThat(function.apply(new SanitizableData(null, key, "value")).getValue()).as(key)
				.isEqualTo("value"));
	}

	@Test
	void baseUrlsAreShownWithoutTheirCredentials() {
		FallbackLlmProperties properties = new FallbackLlmProperties();
		FallbackLlmProperties.Provider provider = new FallbackLlmProperties.Provider();
		provider.setBaseUrl("https://gw-user:pa55-w0rd-0123@gateway.example/v1?key=AIza-url-key-0123");
		properties.getProviders().add(provider);
		FallbackLlmSanitizingFunction function = new FallbackLlmSanitizingFunction(properties);

		assertThat(
				function.apply(new SanitizableData(null, "llm.fallback.providers[0].base-url", provider.getBaseUrl()))
					.getValue())
			.isEqualTo("https://gateway.example/v1?key=[REDACTED]");
		assertThat(function.apply(new SanitizableData(null, "LLM_FALLBACK_PROVIDERS_0_BASE_URL", provider.getBaseUrl()))
			.getValue()).isEqualTo("https://gateway.example/v1?key=[REDACTED]");
		assertThat(function.apply(new SanitizableData(null, "GATEWAY_PASSWORD_FOR_ANOTHER_USE", "pa55-w0rd-0123"))
			.getValue()).isEqualTo(SanitizableData.SANITIZED_VALUE);
		assertThat(function.apply(new SanitizableData(null, "GEMINI_KEY", "AIza-url-key-0123")).getValue())
			.isEqualTo(SanitizableData.SANITIZED_VALUE);
	}

	private WebTestClient start() {
		this.application = RunningApplication.start(
				(context) -> context.getEnvironment()
					.getPropertySources()
					.addFirst(new SystemEnvironmentPropertySource("test-systemEnvironment",
							Map.of("TEST_OPENAI_KEY", OPENAI_KEY, "TEST_ANTHROPIC_KEY", ANTHROPIC_KEY))),
				"management.endpoints.web.exposure.include=env,configprops",
				"management.endpoint.env.show-values=always", "management.endpoint.configprops.show-values=always",
				"llm.fallback.providers[0].name=openai", "llm.fallback.providers[0].type=openai",
				"llm.fallback.providers[0].api-key=${TEST_OPENAI_KEY}", "llm.fallback.providers[0].models=gpt-4o",
				"llm.fallback.providers[0].headers.OpenAI-Organization=org-visible",
				"llm.fallback.providers[0].headers.Authorization=Bearer " + GATEWAY_TOKEN,
				"llm.fallback.providers[1].name=anthropic", "llm.fallback.providers[1].type=anthropic",
				"llm.fallback.providers[1].api-key=${TEST_ANTHROPIC_KEY}",
				"llm.fallback.providers[1].models=claude-sonnet-4-5");
		return this.application.client();
	}

}
