package io.github.fallbackllm.autoconfigure.health;

import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.fallbackllm.testsupport.ProviderStubs;
import io.github.fallbackllm.testsupport.RunningApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.github.fallbackllm.health.ModelListStubs.anthropicModels;
import static io.github.fallbackllm.health.ModelListStubs.openAiModels;
import static io.github.fallbackllm.testsupport.ProviderStubs.json;
import static io.github.fallbackllm.testsupport.ProviderStubs.ok;
import static io.github.fallbackllm.testsupport.ProviderStubs.openAiError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code llm} indicator through real {@code /actuator/health} calls to a reactive web
 * application on a random port, with an OpenAI and an Anthropic provider stubbed by
 * WireMock.
 */
class FallbackLlmHealthEndpointWebTests {

	private static final String OPENAI_KEY = "sk-proj-web0123456789abcdefOPENAI";

	private static final String ANTHROPIC_KEY = "sk-ant-web0123-CLAUDE";

	private static final String MODELS = "/v1/models";

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
	void oneProviderDownWhileAnotherServesKeepsTheApplicationUpAndShowsTheDownProvider() {
		openai.stubFor(get(MODELS).willReturn(json(401,
				openAiError("invalid_request_error", "invalid_api_key", "Incorrect API key provided: " + OPENAI_KEY))));
		anthropic.stubFor(get(urlPathEqualTo(MODELS)).willReturn(ok(anthropicModels("claude-sonnet-4-5-20250929"))));
		WebTestClient client = start();

		client.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP")
			.jsonPath("$.components.llm.status")
			.isEqualTo("UP")
			.jsonPath("$.components.llm.details.openai.status")
			.isEqualTo("DOWN")
			.jsonPath("$.components.llm.details.openai.action")
			.isEqualTo("check llm.fallback.providers[0].api-key")
			.jsonPath("$.components.llm.details.anthropic.status")
			.isEqualTo("UP");
		String body = client.get()
			.uri("/actuator/health/llm")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(body).contains("\"openai\":{\"status\":\"DOWN\"").doesNotContain(OPENAI_KEY, ANTHROPIC_KEY);
	}

	@Test
	void noProviderAbleToServeMakesTheApplicationDown() {
		openai.stubFor(get(MODELS).willReturn(json(503, "{\"error\":{\"message\":\"Service Unavailable\"}}")));
		anthropic.stubFor(get(urlPathEqualTo(MODELS)).willReturn(json(401,
				"{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key\"}}")));
		WebTestClient client = start();

		client.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("DOWN")
			.jsonPath("$.components.llm.status")
			.isEqualTo("DOWN")
			.jsonPath("$.components.llm.details.openai.status")
			.isEqualTo("DOWN")
			.jsonPath("$.components.llm.details.anthropic.status")
			.isEqualTo("DOWN");
		client.get().uri("/actuator/health/llm").exchange().expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
	}

	@Test
	void manyConcurrentHealthRequestsShareOneProbePerProviderAndNeverChat() {
		openai.stubFor(get(MODELS).willReturn(ok(openAiModels("gpt-4o", "gpt-4o-mini")).withFixedDelay(300)));
		anthropic.stubFor(get(urlPathEqualTo(MODELS))
			.willReturn(ok(anthropicModels("claude-sonnet-4-5-20250929")).withFixedDelay(300)));
		start();
		WebClient client = WebClient.create(this.application.baseUrl());

		List<HttpStatusCode> statuses = Flux.range(0, 50)
			.flatMap((i) -> client.get()
				.uri("/actuator/health")
				.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode())), 50)
			.collectList()
			.block(Duration.ofSeconds(30));

		assertThat(statuses).hasSize(50).containsOnly(HttpStatus.OK);
		openai.verify(1, getRequestedFor(urlPathEqualTo(MODELS)));
		anthropic.verify(1, getRequestedFor(urlPathEqualTo(MODELS)));
		openai.verify(0, postRequestedFor(anyUrl()));
		anthropic.verify(0, postRequestedFor(anyUrl()));
	}

	private WebTestClient start() {
		this.application = RunningApplication.start("management.endpoint.health.show-details=always",
				"llm.fallback.providers[0].name=openai", "llm.fallback.providers[0].type=openai",
				"llm.fallback.providers[0].base-url=" + openai.baseUrl() + "/v1",
				"llm.fallback.providers[0].api-key=" + OPENAI_KEY,
				"llm.fallback.providers[0].models=gpt-4o,gpt-4o-mini", "llm.fallback.providers[1].name=anthropic",
				"llm.fallback.providers[1].type=anthropic",
				"llm.fallback.providers[1].base-url=" + anthropic.baseUrl() + "/v1",
				"llm.fallback.providers[1].api-key=" + ANTHROPIC_KEY,
				"llm.fallback.providers[1].models=claude-sonnet-4-5");
		return this.application.client();
	}

}
