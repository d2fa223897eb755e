package io.github.fallbackllm.sample.springai;

import io.github.fallbackllm.gateway.testsupport.StubProviders;
import io.github.fallbackllm.gateway.testsupport.StubbedProvidersApplicationTests;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.github.fallbackllm.gateway.testsupport.StubProviders.SECONDARY_REPORTED_MODEL;

/**
 * {@code POST /spring-ai/chat}: {@code ChatClient} code over HTTP, against WireMock
 * providers.
 */
@AutoConfigureWebTestClient(timeout = "30s")
class SpringAiChatControllerTests extends StubbedProvidersApplicationTests {

	@Autowired
	private WebTestClient client;

	@Test
	void chatClientFallsBackPastTheRateLimitedPrimary() {
		primary.stubFor(post("/v1/chat/completions").willReturn(StubProviders.openAiRateLimited(20)));
		secondary.stubFor(post("/v1/messages").willReturn(StubProviders.anthropicMessage("Hello from the secondary")));

		chat("Hello").expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.content")
			.isEqualTo("Hello from the secondary")
			.jsonPath("$.provider")
			.isEqualTo("secondary")
			.jsonPath("$.model")
			.isEqualTo(SECONDARY_REPORTED_MODEL)
			.jsonPath("$.attempts[0].outcome")
			.isEqualTo("rate_limited")
			.jsonPath("$.attempts[1].outcome")
			.isEqualTo("succeeded");
		// The system text of the controller's ChatClient reached the provider that
		// answered.
		secondary.verify(postRequestedFor(urlPathEqualTo("/v1/messages"))
			.withRequestBody(containing("\"system\":\"Answer briefly.\"")));
	}

	@Test
	void chatWhenEveryProviderFailsIsA503WithTheAttempts() {
		primary.stubFor(post("/v1/chat/completions").willReturn(StubProviders.openAiRateLimited(20)));
		secondary.stubFor(post("/v1/messages").willReturn(StubProviders.anthropicOverloaded()));

		chat("Hello").expectStatus()
			.isEqualTo(503)
			.expectBody()
			.jsonPath("$.error.type")
			.isEqualTo("all_providers_failed")
			.jsonPath("$.error.attempts[0].outcome")
			.isEqualTo("rate_limited");
	}

	private WebTestClient.ResponseSpec chat(String message) {
		return this.client.post()
			.uri("/spring-ai/chat")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"message\": \"" + message + "\"}")
			.exchange();
	}

}
