package io.github.fallbackllm.gateway.server.chatcompletions;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import io.github.fallbackllm.budget.ClientBudgets;
import io.github.fallbackllm.budget.LocalClientBudgets;
import io.github.fallbackllm.gateway.testsupport.OpenAiEvents;
import io.github.fallbackllm.gateway.testsupport.StubbedProvidersApplicationTests;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
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
@AutoConfigureWebTestClient(timeout = "30s")
@TestPropertySource(properties = { "llm.fallback.gateway.keys[0].name=team-a",
		"llm.fallback.gateway.keys[0].key=" + ChatCompletionsKeysTests.TEAM_A,
		"llm.fallback.gateway.keys[1].name=mini-only",
		"llm.fallback.gateway.keys[1].key=" + ChatCompletionsKeysTests.MINI_ONLY,
		"llm.fallback.gateway.keys[1].routes=gpt-4o-mini", "llm.fallback.gateway.keys[2].name=limited",
		"llm.fallback.gateway.keys[2].key=" + ChatCompletionsKeysTests.LIMITED, "llm.fallback.gateway.keys[2].rpm=2" })
@Import(ChatCompletionsKeysTests.OneMinute.class)
class ChatCompletionsKeysTests extends StubbedProvidersApplicationTests {

	static final String TEAM_A = "gw-team-a-secret-0123456789";

	static final String MINI_ONLY = "gw-mini-only-secret-0123456789";

	static final String LIMITED = "gw-limited-secret-0123456789";

	private static final String REQUEST = """
			{"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Hi"}]}""";

	@Autowired
	private WebTestClient client;

	@Test
	void aRequestWithoutAKeyIsA401InvalidApiKeyAndNoProviderIsCalled() {
		JsonNode error = error(chat(null, REQUEST).expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals("WWW-Authenticate", "Bearer"));
		assertThat(error.path("type").asString()).isEqualTo("invalid_request_error");
		assertThat(error.path("code").asString()).isEqualTo("invalid_api_key");
		assertThat(error.path("message").asString()).contains("Authorization: Bearer");
		primary.verify(0, anyRequestedFor(anyUrl()));
		secondary.verify(0, anyRequestedFor(anyUrl()));
	}

	@Test
	void aWrongKeyIsA401BeforeTheBodyIsRead() {
		// The body is not JSON: a 400 would mean it was parsed.
		JsonNode error = error(chat("Bearer sk-wrong-0123456789abcdef", "{not json").expectStatus().isUnauthorized());
		assertThat(error.path("code").asString()).isEqualTo("invalid_api_key");
		assertThat(error.path("message").asString()).doesNotContain("sk-wrong");
	}

	@Test
	void aHugeOrForeignAuthorizationHeaderIsA401() {
		chat("Bearer " + "k".repeat(6_000), REQUEST).expectStatus().isUnauthorized();
		chat("Basic dGVhbS1hOnNlY3JldA==", REQUEST).expectStatus().isUnauthorized();
		chat("Bearer " + TEAM_A + " Bearer " + LIMITED, REQUEST).expectStatus().isUnauthorized();
		primary.verify(0, anyRequestedFor(anyUrl()));
	}

	@Test
	void theModelListNeedsAKeyToo() {
		this.client.get().uri("/v1/models").exchange().expectStatus().isUnauthorized();
		this.client.get()
			.uri("/v1/models")
			.header("Authorization", "Bearer " + TEAM_A)
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void aKnownKeyIsServedWhicheverHeaderCarriesIt() {
		primary.stubFor(post("/v1/chat/completions").willReturn(openAiCompletion("Hello")));
		chat("Bearer " + TEAM_A, REQUEST).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.choices[0].message.content")
			.isEqualTo("Hello");
		this.client.post()
			.uri("/v1/chat/completions")
			.header("x-api-key", TEAM_A)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(REQUEST)
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void aRouteTheKeyMayNotUseIsA403NamingTheRouteNotTheKey() {
		primary.stubFor(post("/v1/chat/completions").willReturn(openAiCompletion("Hello")));
		chat("Bearer " + MINI_ONLY, REQUEST).expectStatus().isOk();
		JsonNode error = error(
				chat("Bearer " + MINI_ONLY, REQUEST.replace("gpt-4o-mini", "gpt-4o")).expectStatus().isForbidden());
		assertThat(error.path("code").asString()).isEqualTo("permission_denied");
		assertThat(error.path("message").asString()).contains("route 'default' (model 'gpt-4o')")
			.doesNotContain("mini-only")
			.doesNotContain(MINI_ONLY);
		primary.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions")));
	}

	@Test
	void overTheKeysRpmIsA429SayingTheGatewaysLimitWasHitAndNoProviderIsCalled() {
		primary.stubFor(post("/v1/chat/completions").willReturn(openAiCompletion("Hello")));
		chat("Bearer " + LIMITED, REQUEST).expectStatus().isOk();
		chat("Bearer " + LIMITED, REQUEST).expectStatus().isOk();
		JsonNode error = error(chat("Bearer " + LIMITED, REQUEST).expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.valueEquals("x-llm-limit", "key")
			.expectHeader()
			.valueEquals("Retry-After", "30"));
		assertThat(error.path("code").asString()).isEqualTo("rate_limit_exceeded");
		assertThat(error.path("message").asString()).contains("Key 'limited'", "2 requests per minute (rpm)");
		primary.verify(2, postRequestedFor(urlEqualTo("/v1/chat/completions")));
	}

	private static JsonNode error(WebTestClient.ResponseSpec response) {
		String body = response.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		JsonNode error = OpenAiEvents.json(body).path("error");
		assertThat(error.path("type").asString()).isEqualTo("invalid_request_error");
		return error;
	}

	private WebTestClient.ResponseSpec chat(@Nullable String authorization, String body) {
		return this.client.post().uri("/v1/chat/completions").headers((headers) -> {
			if (authorization != null) {
				headers.set("Authorization", authorization);
			}
		}).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
	}

	/**
	 * Counts the keys' budgets on a clock that stays 30 seconds before the end of a
	 * minute, so that no window ends during the tests.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class OneMinute {

		@Bean
		ClientBudgets gatewayClientBudgets() {
			return new LocalClientBudgets(Clock.fixed(Instant.parse("2026-12-07T10:15:30Z"), ZoneOffset.UTC));
		}

	}

}
