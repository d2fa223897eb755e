package io.github.fallbackllm.reliability;

import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.fallbackllm.FallbackChatService;
import io.github.fallbackllm.autoconfigure.FallbackLlmProperties;
import io.github.fallbackllm.autoconfigure.LlmProviderChain;
import io.github.fallbackllm.chat.AllProvidersFailedException;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.testsupport.ProviderStubs;
import io.github.fallbackllm.testsupport.RunningApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static io.github.fallbackllm.testsupport.ProviderStubs.anthropicError;
import static io.github.fallbackllm.testsupport.ProviderStubs.json;
import static io.github.fallbackllm.testsupport.ProviderStubs.openAiError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * An application whose providers echo the API key back in every error body, chat calls
 * and health probes alike. The key must not surface anywhere a person or a log collector
 * can read: logs, exceptions, {@code toString()}, and the actuator's health, env and
 * configprops endpoints, even with every value shown.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretLeakTests {

	private static final String OPENAI_KEY = "sk-proj-leak0123456789abcdefOPENAI";

	private static final String ANTHROPIC_KEY = "sk-ant-leak-CLAUDE";

	/** A key without a recognisable shape: only knowing it lets the redactor find it. */
	private static final String HEADER_TOKEN = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";

	@RegisterExtension
	static WireMockExtension openai = ProviderStubs.server();

	@RegisterExtension
	static WireMockExtension anthropic = ProviderStubs.server();

	private RunningApplication application;

	@AfterEach
	void close() {
		if (this.application != null) {
			this.application.close();
		}
	}

	@Test
	void echoedKeysReachNoLogExceptionToStringOrActuatorOutput(CapturedOutput output) {
		openai.stubFor(post(anyUrl()).willReturn(json(401, openAiError("invalid_request_error", "invalid_api_key",
				"Incorrect API key provided: " + OPENAI_KEY + ", token " + HEADER_TOKEN))));
		openai.stubFor(get(anyUrl()).willReturn(json(401,
				openAiError("invalid_request_error", "invalid_api_key", "Incorrect API key provided: " + OPENAI_KEY))));
		anthropic.stubFor(post(anyUrl())
			.willReturn(json(401, anthropicError("authentication_error", "invalid x-api-key " + ANTHROPIC_KEY))));
		anthropic.stubFor(get(anyUrl())
			.willReturn(json(401, anthropicError("authentication_error", "invalid x-api-key " + ANTHROPIC_KEY))));
		this.application = start();
		ConfigurableApplicationContext context = this.application.context();
		List<String> surfaces = new ArrayList<>();

		FallbackChatService chat = context.getBean(FallbackChatService.class);
		assertThatExceptionOfType(AllProvidersFailedException.class).isThrownBy(() -> chat.chat(ChatRequest.of("Hi")))
			.satisfies((ex) -> {
				surfaces.add(ex.getMessage());
				surfaces.add(ex.toString());
				ex.getAttempts().forEach((attempt) -> surfaces.add(attempt.toString()));
			});
		surfaces.add(context.getBean(FallbackLlmProperties.class).getProviders().toString());
		surfaces.add(context.getBean(LlmProviderChain.class).links().toString());
		WebTestClient client = this.application.client();
		for (String endpoint : List.of("/actuator/health", "/actuator/health/llm", "/actuator/env",
				"/actuator/configprops")) {
			surfaces
				.add(client.get().uri(endpoint).exchange().expectBody(String.class).returnResult().getResponseBody());
		}
		surfaces.add(output.getAll());

		assertThat(surfaces.get(surfaces.size() - 1)).as("the logs saw the failures")
			.contains("rejected the credentials");
		assertThat(String.join("\n", surfaces)).as("the endpoints answered")
			.contains("\"llm\"")
			.contains("llm.fallback.providers[0].api-key");
		assertThat(surfaces).allSatisfy((surface) -> assertThat(surface).doesNotContain(OPENAI_KEY, ANTHROPIC_KEY,
				HEADER_TOKEN, "leak0123456789"));
	}

	private RunningApplication start() {
		return RunningApplication.start("management.endpoints.web.exposure.include=*",
				"management.endpoint.health.show-details=always", "management.endpoint.env.show-values=always",
				"management.endpoint.configprops.show-values=always", "llm.fallback.providers[0].name=openai",
				"llm.fallback.providers[0].type=openai",
				"llm.fallback.providers[0].base-url=" + openai.baseUrl() + "/v1",
				"llm.fallback.providers[0].api-key=" + OPENAI_KEY,
				"llm.fallback.providers[0].headers.X-Gateway-Token=" + HEADER_TOKEN,
				"llm.fallback.providers[0].models=gpt-4o", "llm.fallback.providers[1].name=anthropic",
				"llm.fallback.providers[1].type=anthropic",
				"llm.fallback.providers[1].base-url=" + anthropic.baseUrl() + "/v1",
				"llm.fallback.providers[1].api-key=" + ANTHROPIC_KEY,
				"llm.fallback.providers[1].models=claude-sonnet-4-5");
	}

}
