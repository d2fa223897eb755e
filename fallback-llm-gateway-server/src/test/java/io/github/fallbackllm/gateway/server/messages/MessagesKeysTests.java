package io.github.fallbackllm.gateway.server.messages;

import io.github.fallbackllm.gateway.server.testsupport.KeyedGatewayApplicationTests;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.github.fallbackllm.gateway.testsupport.StubProviders.openAiCompletion;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's keys on the Messages endpoint: 401, 403 and 429 in Anthropic's envelope
 * ({@code authentication_error}, {@code permission_error}, {@code rate_limit_error}),
 * each without a call to any provider, and the success path with either header.
 */
class MessagesKeysTests extends KeyedGatewayApplicationTests {

	private static final String PATH = "/v1/messages";

	private static final String COMPLETIONS = "/v1/chat/completions";

	private static final String COUNT_TOKENS = "/v1/messages/count_tokens";

	private static final String VERSION = "anthropic-version";

	private static final String REQUEST = """
			{"model": "gpt-4o-mini", "max_tokens": 50, "messages": [{"role": "user", "content": "Hi"}]}""";

	@Test
	void aRequestWithoutAKeyIsA401AuthenticationErrorAndNoProviderIsCalled() {
		JsonNode error = error(send(PATH, REQUEST, VERSION, "2023-06-01").expectStatus().isUnauthorized(),
				"authentication_error");
		assertThat(error.path("message").asString()).contains("x-api-key");
		primary.verify(0, anyRequestedFor(anyUrl()));
		secondary.verify(0, anyRequestedFor(anyUrl()));
	}

	@Test
	void aWrongKeyIsA401BeforeTheBodyIsReadWhicheverHeaderCarriesIt() {
		// The body is not JSON: a 400 would mean it was parsed.
		for (String[] header : new String[][] { { "x-api-key", UNKNOWN }, { "Authorization", "Bearer " + UNKNOWN } }) {
			JsonNode error = error(send(PATH, "{not json", header[0], header[1], VERSION, "2023-06-01").expectStatus()
				.isUnauthorized(), "authentication_error");
			assertThat(error.path("message").asString()).doesNotContain("sk-ant-wrong");
		}
		primary.verify(0, anyRequestedFor(anyUrl()));
	}

	@Test
	void aKnownKeyIsServedWhicheverHeaderCarriesIt() {
		primary.stubFor(post(COMPLETIONS).willReturn(openAiCompletion("Hello")));
		for (String[] header : new String[][] { { "x-api-key", TEAM_A }, { "Authorization", "Bearer " + TEAM_A } }) {
			send(PATH, REQUEST, header[0], header[1], VERSION, "2023-06-01").expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.type")
				.isEqualTo("message")
				.jsonPath("$.content[0].text")
				.isEqualTo("Hello");
		}
		primary.verify(2, postRequestedFor(urlEqualTo(COMPLETIONS)));
	}

	@Test
	void aRouteTheKeyMayNotUseIsA403PermissionErrorNamingTheRouteNotTheKey() {
		JsonNode error = error(
				send(PATH, REQUEST.replace("gpt-4o-mini", "gpt-4o"), "x-api-key", MINI_ONLY, VERSION, "2023-06-01")
					.expectStatus()
					.isForbidden(),
				"permission_error");
		assertThat(error.path("message").asString()).contains("route 'default' (model 'gpt-4o')")
			.doesNotContain("mini-only")
			.doesNotContain(MINI_ONLY);
		primary.verify(0, anyRequestedFor(anyUrl()));
		secondary.verify(0, anyRequestedFor(anyUrl()));
	}

	@Test
	void tokensAreCountedOnlyInTheRoutesTheKeyMayUse() {
		secondary.stubFor(post(COUNT_TOKENS).willReturn(okJson("{\"input_tokens\": 12}")));
		String count = """
				{"model": "claude-sonnet-4-5", "messages": [{"role": "user", "content": "Hi"}]}""";
		JsonNode error = error(
				send(COUNT_TOKENS, count, "x-api-key", MINI_ONLY, VERSION, "2023-06-01").expectStatus().isForbidden(),
				"permission_error");
		assertThat(error.path("message").asString()).contains("model 'claude-sonnet-4-5'").doesNotContain(MINI_ONLY);
		secondary.verify(0, anyRequestedFor(anyUrl()));
		send(COUNT_TOKENS, count, "x-api-key", TEAM_A, VERSION, "2023-06-01").expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.input_tokens")
			.isEqualTo(12);
		secondary.verify(1, postRequestedFor(urlEqualTo(COUNT_TOKENS)));
	}

	@Test
	void overTheKeysRpmIsA429RateLimitErrorSayingTheGatewaysLimitWasHitAndNoProviderIsCalled() {
		primary.stubFor(post(COMPLETIONS).willReturn(openAiCompletion("Hello")));
		read(send(PATH, REQUEST, "x-api-key", LIMITED_MESSAGES, VERSION, "2023-06-01").expectStatus().isOk());
		read(send(PATH, REQUEST, "Authorization", "Bearer " + LIMITED_MESSAGES, VERSION, "2023-06-01").expectStatus()
			.isOk());
		JsonNode error = error(send(PATH, REQUEST, "x-api-key", LIMITED_MESSAGES, VERSION, "2023-06-01").expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.valueEquals("x-llm-limit", "key")
			.expectHeader()
			.valueEquals("Retry-After", "30"), "rate_limit_error");
		assertThat(error.path("message").asString()).contains("Key 'limited-messages'", "2 requests per minute (rpm)");
		primary.verify(2, postRequestedFor(urlEqualTo(COMPLETIONS)));
		secondary.verify(0, anyRequestedFor(anyUrl()));
	}

	/** The error of Anthropic's envelope, {"type": "error", "error": {...}}. */
	private static JsonNode error(WebTestClient.ResponseSpec response, String type) {
		JsonNode body = json(response);
		assertThat(body.path("type").asString()).isEqualTo("error");
		JsonNode error = body.path("error");
		assertThat(error.path("type").asString()).isEqualTo(type);
		return error;
	}

}
