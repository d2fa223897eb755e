package io.github.fallbackllm.provider;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.Capability;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ToolDefinition;
import io.github.fallbackllm.provider.anthropic.AnthropicLlmProvider;
import io.github.fallbackllm.provider.openai.OpenAiLlmProvider;
import io.github.fallbackllm.testsupport.ProviderStubs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a provider entry configures beyond its endpoint: capabilities and extra body
 * fields, and how a provider that rejects a feature is classified.
 */
class ProviderFeatureSettingsTests {

	@RegisterExtension
	static WireMockExtension server = ProviderStubs.server();

	@Test
	void extraBodyFieldsOfTheProviderAndTheRequestAreSentTheRequestsWinning() {
		server.stubFor(post("/v1/chat/completions")
			.willReturn(ProviderStubs.ok(ProviderStubs.openAiCompletion("gpt-4o", "Hi"))));
		OpenAiLlmProvider provider = new OpenAiLlmProvider(
				settings(null, Map.of("reasoning_effort", "low", "service_tier", "flex", "model", "never-sent")),
				WebClient.builder());

		provider.chat("gpt-4o", ChatRequest.builder().user("Hi").extraBody("service_tier", "priority").build())
			.block(Duration.ofSeconds(5));

		server.verify(postRequestedFor(urlEqualTo("/v1/chat/completions")).withRequestBody(equalToJson("""
				{"model":"gpt-4o","messages":[{"role":"user","content":"Hi"}],
				 "reasoning_effort":"low","service_tier":"priority"}""")));
	}

	@Test
	void capabilitiesAreAllUnlessConfigured() {
		assertThat(new AnthropicLlmProvider(settings(null, Map.of()), WebClient.builder()).capabilities())
			.isEqualTo(Capability.ALL);
		assertThat(new OpenAiLlmProvider(settings(EnumSet.of(Capability.TOOLS), Map.of()), WebClient.builder())
			.capabilities()).containsExactly(Capability.TOOLS);
		assertThat(new OpenAiLlmProvider(settings(EnumSet.noneOf(Capability.class), Map.of()), WebClient.builder())
			.capabilities()).isEmpty();
	}

	@Test
	void aRejectedParameterIsUnsupported() {
		server.stubFor(post("/v1/chat/completions").willReturn(ProviderStubs.json(400, ProviderStubs
			.openAiError("invalid_request_error", "unsupported_parameter", "tools are not supported"))));
		OpenAiLlmProvider provider = new OpenAiLlmProvider(settings(null, Map.of()), WebClient.builder());

		StepVerifier
			.create(provider.chat("gpt-4o",
					ChatRequest.builder().user("Hi").tools(ToolDefinition.of("t", "d", null)).build()))
			.expectErrorSatisfies(
					(ex) -> assertThat(((ProviderException) ex).getOutcome()).isEqualTo(AttemptOutcome.UNSUPPORTED))
			.verify(Duration.ofSeconds(5));
	}

	private static ProviderSettings settings(Set<Capability> capabilities, Map<String, Object> extraBody) {
		return new ProviderSettings("p", server.baseUrl() + "/v1", "sk-test-0123456789", List.of("gpt-4o"), Map.of(),
				1024 * 1024, capabilities, extraBody);
	}

}
