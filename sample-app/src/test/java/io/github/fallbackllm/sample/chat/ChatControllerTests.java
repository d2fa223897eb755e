package io.github.fallbackllm.sample.chat;

import java.nio.charset.StandardCharsets;

import io.github.fallbackllm.gateway.testsupport.StubProviders;
import io.github.fallbackllm.gateway.testsupport.StubbedProvidersApplicationTests;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.github.fallbackllm.gateway.testsupport.StubProviders.PRIMARY_KEY;
import static io.github.fallbackllm.gateway.testsupport.StubProviders.SECONDARY_REPORTED_MODEL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /chat} over HTTP, against WireMock providers.
 */
@AutoConfigureWebTestClient(timeout = "30s")
class ChatControllerTests extends StubbedProvidersApplicationTests {

	@Autowired
	private WebTestClient client;

	@Test
	void chatAnswersWithTheContentWhoAnsweredAndEveryAttempt() {
		primary.stubFor(post("/v1/chat/completions").willReturn(StubProviders.openAiRateLimited(20)));
		secondary.stubFor(post("/v1/messages").willReturn(StubProviders.anthropicMessage("Hello from the secondary")));
		byte[] body = this.client.post()
			.uri("/chat")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"message\": \"Hello\"}")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.content")
			.isEqualTo("Hello from the secondary")
			.jsonPath("$.provider")
			.isEqualTo("secondary")
			.jsonPath("$.model")
			.isEqualTo(SECONDARY_REPORTED_MODEL)
			.jsonPath("$.attempts.length()")
			.isEqualTo(2)
			.jsonPath("$.attempts[0].provider")
			.isEqualTo("primary")
			.jsonPath("$.attempts[0].model")
			.isEqualTo("gpt-4o-mini")
			.jsonPath("$.attempts[0].outcome")
			.isEqualTo("rate_limited")
			.jsonPath("$.attempts[0].httpStatus")
			.isEqualTo(429)
			.jsonPath("$.attempts[0].errorCode")
			.isEqualTo("rate_limit_exceeded")
			.jsonPath("$.attempts[0].cooldownMs")
			.isEqualTo(20000)
			.jsonPath("$.attempts[0].detail")
			.value(String.class, (detail) -> assertThat(detail).startsWith("Rate limit reached for gpt-4o-mini"))
			.jsonPath("$.attempts[0].description")
			.value(String.class,
					(line) -> assertThat(line)
						.startsWith("primary/gpt-4o-mini: rate limited (HTTP 429, rate_limit_exceeded"))
			.jsonPath("$.attempts[1].provider")
			.isEqualTo("secondary")
			.jsonPath("$.attempts[1].outcome")
			.isEqualTo("succeeded")
			.jsonPath("$.attempts[1].durationMs")
			.value(Long.class, (millis) -> assertThat(millis).isNotNegative())
			.returnResult()
			.getResponseBody();
		assertThat(new String(body, StandardCharsets.UTF_8)).doesNotContain(PRIMARY_KEY);
		primary.verify(1, postRequestedFor(urlPathEqualTo("/v1/chat/completions")));
	}

	@Test
	void chatWhenEveryProviderFailsIsA503WithRetryAfter() {
		primary.stubFor(post("/v1/chat/completions").willReturn(StubProviders.openAiRateLimited(20)));
		secondary.stubFor(post("/v1/messages").willReturn(StubProviders.anthropicRateLimited()));
		this.client.post()
			.uri("/chat")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"message\": \"Hello\"}")
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.value("Retry-After", StubProviders::assertRetryAfterOfTheRateLimitedPrimary)
			.expectBody()
			.jsonPath("$.error.type")
			.isEqualTo("all_providers_failed")
			.jsonPath("$.error.message")
			.value(String.class, (message) -> assertThat(message).startsWith("All 2 LLM targets failed"))
			.jsonPath("$.error.attempts[0].outcome")
			.isEqualTo("rate_limited");
	}

	@Test
	void chatWithInvalidJsonIsA400() {
		this.client.post()
			.uri("/chat")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"message\": ")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.error.type")
			.isEqualTo("invalid_request_error")
			.jsonPath("$.error.message")
			.value(String.class, (message) -> assertThat(message).startsWith("The request body is not valid JSON: "));
		assertThat(primary.getAllServeEvents()).isEmpty();
	}

	@Test
	void chatWithoutMessageIsA400() {
		this.client.post()
			.uri("/chat")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"text\": \"Hello\"}")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.error.message")
			.isEqualTo("message is missing or blank; send {\"message\": \"Hello\"}");
		assertThat(primary.getAllServeEvents()).isEmpty();
	}

	@Test
	void chatWithoutJsonContentTypeIsA415ThatSaysSo() {
		this.client.post()
			.uri("/chat")
			.contentType(MediaType.TEXT_PLAIN)
			.bodyValue("{\"message\": \"Hello\"}")
			.exchange()
			.expectStatus()
			.isEqualTo(415)
			.expectBody()
			.jsonPath("$.error.message")
			.value(String.class, (message) -> assertThat(message).contains("text/plain"));
	}

}
