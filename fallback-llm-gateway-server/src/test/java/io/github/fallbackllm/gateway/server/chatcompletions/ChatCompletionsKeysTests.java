package io.github.fallbackllm.gateway.server.chatcompletions;

import io.github.fallbackllm.gateway.server.testsupport.KeyedGatewayApplicationTests;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.github.fallbackllm.gateway.testsupport.StubProviders.openAiCompletion;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's keys on the Chat Completions endpoint: 401, 403 and 429 in OpenAI's
 * envelope, each without a call to any provider, and the success path with either header.
 */
class ChatCompletionsKeysTests extends KeyedGatewayApplicationTests {

	private static final String PATH = "/v1/chat/completions";

	private static final String REQUEST = """
			{"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Hi"}]}""";

	@Test
	void aRequestWithoutAKeyIsA401InvalidApiKeyAndNoProviderIsCalled() {
		JsonNode error = error(send(PATH, REQUEST).expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals("WWW-Authenticate", "Bearer"));
		assertThat(error.path("code").asString()).isEqualTo("invalid_api_key");
		assertThat(error.path("message").asString()).contains("Authorization: Bearer");
		primary.verify(0, anyRequestedFor(anyUrl()));
		secondary.verify(0, anyRequestedFor(anyUrl()));
	}

	@Test
	void aWrongKeyIsA401BeforeTheBodyIsRead() {
		// The body is not JSON: a 400 would mean it was parsed.
		JsonNode error = error(
				send(PATH, "{not json", "Authorization", "Bearer " + UNKNOWN).expectStatus().isUnauthorized());
		assertThat(error.path("code").asString()).isEqualTo("invalid_api_key");
		assertThat(error.path("message").asString()).doesNotContain("sk-wrong");
	}

	@Test
	void aHugeOrForeignAuthorizationHeaderIsA401() {
		read(send(PATH, REQUEST, "Authorization", "Bearer " + "k".repeat(6_000)).expectStatus().isUnauthorized());
		read(send(PATH, REQUEST, "Authorization", "Basic dGVhbS1hOnNlY3JldA==").expectStatus().isUnauthorized());
		read(send(PATH, REQUEST, "Authorization", "Bearer " + TEAM_A + " Bearer " + LIMITED_CHAT).expectStatus()
			.isUnauthorized());
		primary.verify(0, anyRequestedFor(anyUrl()));
	}

	@Test
	void theModelListNeedsAKeyToo() {
		read(this.client.get().uri("/v1/models").exchange().expectStatus().isUnauthorized());
		read(this.client.get()
			.uri("/v1/models")
			.header("Authorization", "Bearer " + TEAM_A)
			.exchange()
			.expectStatus()
			.isOk());
	}

	@Test
	void aKnownKeyIsServedWhicheverHeaderCarriesIt() {
		primary.stubFor(post(PATH).willReturn(openAiCompletion("Hello")));
		send(PATH, REQUEST, "Authorization", "Bearer " + TEAM_A).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.choices[0].message.content")
			.isEqualTo("Hello");
		read(send(PATH, REQUEST, "x-api-key", TEAM_A).expectStatus().isOk());
	}

	@Test
	void aRouteTheKeyMayNotUseIsA403NamingTheRouteNotTheKey() {
		primary.stubFor(post(PATH).willReturn(openAiCompletion("Hello")));
		read(send(PATH, REQUEST, "Authorization", "Bearer " + MINI_ONLY).expectStatus().isOk());
		JsonNode error = error(
				send(PATH, REQUEST.replace("gpt-4o-mini", "gpt-4o"), "Authorization", "Bearer " + MINI_ONLY)
					.expectStatus()
					.isForbidden());
		assertThat(error.path("code").asString()).isEqualTo("permission_denied");
		assertThat(error.path("message").asString()).contains("route 'default' (model 'gpt-4o')")
			.doesNotContain("mini-only")
			.doesNotContain(MINI_ONLY);
		primary.verify(1, postRequestedFor(urlEqualTo(PATH)));
	}

	@Test
	void overTheKeysRpmIsA429SayingTheGatewaysLimitWasHitAndNoProviderIsCalled() {
		primary.stubFor(post(PATH).willReturn(openAiCompletion("Hello")));
		read(send(PATH, REQUEST, "Authorization", "Bearer " + LIMITED_CHAT).expectStatus().isOk());
		read(send(PATH, REQUEST, "Authorization", "Bearer " + LIMITED_CHAT).expectStatus().isOk());
		JsonNode error = error(send(PATH, REQUEST, "Authorization", "Bearer " + LIMITED_CHAT).expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.valueEquals("x-llm-limit", "key")
			.expectHeader()
			.valueEquals("Retry-After", "30"));
		assertThat(error.path("code").asString()).isEqualTo("rate_limit_exceeded");
		assertThat(error.path("message").asString()).contains("Key 'limited-chat'", "2 requests per minute (rpm)");
		primary.verify(2, postRequestedFor(urlEqualTo(PATH)));
	}

	private static JsonNode error(WebTestClient.ResponseSpec response) {
		JsonNode error = json(response).path("error");
		assertThat(error.path("type").asString()).isEqualTo("invalid_request_error");
		return error;
	}

}
