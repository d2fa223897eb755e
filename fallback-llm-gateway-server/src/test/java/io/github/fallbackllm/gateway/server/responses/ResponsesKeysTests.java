package io.github.fallbackllm.gateway.server.responses;

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
 * The gateway's keys on the Responses endpoint: 401, 403 and 429 in OpenAI's envelope,
 * each without a call to any provider, and the success path with either header.
 */
class ResponsesKeysTests extends KeyedGatewayApplicationTests {

	private static final String PATH = "/v1/responses";

	private static final String COMPLETIONS = "/v1/chat/completions";

	private static final String REQUEST = """
			{"model": "gpt-4o-mini", "input": "Hi"}""";

	@Test
	void aRequestWithoutAKeyIsA401InvalidApiKeyAndNoProviderIsCalled() {
		JsonNode error = error(send(PATH, REQUEST).expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals("WWW-Authenticate", "Bearer"));
		assertThat(error.path("code").asString()).isEqualTo("invalid_api_key");
		primary.verify(0, anyRequestedFor(anyUrl()));
		secondary.verify(0, anyRequestedFor(anyUrl()));
	}

	@Test
	void aWrongKeyIsA401BeforeTheBodyIsReadWhicheverHeaderCarriesIt() {
		// The body is not JSON: a 400 would mean it was parsed.
		for (String[] header : new String[][] { { "Authorization", "Bearer " + UNKNOWN }, { "x-api-key", UNKNOWN } }) {
			JsonNode error = error(send(PATH, "{not json", header).expectStatus().isUnauthorized());
			assertThat(error.path("code").asString()).isEqualTo("invalid_api_key");
			assertThat(error.path("message").asString()).doesNotContain("sk-wrong");
		}
		primary.verify(0, anyRequestedFor(anyUrl()));
	}

	@Test
	void aKnownKeyIsServedWhicheverHeaderCarriesIt() {
		primary.stubFor(post(COMPLETIONS).willReturn(openAiCompletion("Hello")));
		for (String[] header : new String[][] { { "Authorization", "Bearer " + TEAM_A }, { "x-api-key", TEAM_A } }) {
			send(PATH, REQUEST, header).expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.object")
				.isEqualTo("response")
				.jsonPath("$.output[0].content[0].text")
				.isEqualTo("Hello");
		}
		primary.verify(2, postRequestedFor(urlEqualTo(COMPLETIONS)));
	}

	@Test
	void aRouteTheKeyMayNotUseIsA403NamingTheRouteNotTheKey() {
		JsonNode error = error(
				send(PATH, REQUEST.replace("gpt-4o-mini", "gpt-4o"), "Authorization", "Bearer " + MINI_ONLY)
					.expectStatus()
					.isForbidden());
		assertThat(error.path("code").asString()).isEqualTo("permission_denied");
		assertThat(error.path("message").asString()).contains("route 'default' (model 'gpt-4o')")
			.doesNotContain("mini-only")
			.doesNotContain(MINI_ONLY);
		primary.verify(0, anyRequestedFor(anyUrl()));
		secondary.verify(0, anyRequestedFor(anyUrl()));
	}

	@Test
	void overTheKeysRpmIsA429SayingTheGatewaysLimitWasHitAndNoProviderIsCalled() {
		primary.stubFor(post(COMPLETIONS).willReturn(openAiCompletion("Hello")));
		read(send(PATH, REQUEST, "Authorization", "Bearer " + LIMITED_RESPONSES).expectStatus().isOk());
		read(send(PATH, REQUEST, "x-api-key", LIMITED_RESPONSES).expectStatus().isOk());
		JsonNode error = error(send(PATH, REQUEST, "Authorization", "Bearer " + LIMITED_RESPONSES).expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.valueEquals("x-llm-limit", "key")
			.expectHeader()
			.valueEquals("Retry-After", "30"));
		assertThat(error.path("code").asString()).isEqualTo("rate_limit_exceeded");
		assertThat(error.path("message").asString()).contains("Key 'limited-responses'", "2 requests per minute (rpm)");
		primary.verify(2, postRequestedFor(urlEqualTo(COMPLETIONS)));
		secondary.verify(0, anyRequestedFor(anyUrl()));
	}

	private static JsonNode error(WebTestClient.ResponseSpec response) {
		JsonNode error = json(response).path("error");
		assertThat(error.path("type").asString()).isEqualTo("invalid_request_error");
		return error;
	}

}
