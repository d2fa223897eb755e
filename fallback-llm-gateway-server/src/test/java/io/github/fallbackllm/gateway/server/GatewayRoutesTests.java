package io.github.fallbackllm.gateway.server;

import io.github.fallbackllm.gateway.testsupport.StubProviders;
import io.github.fallbackllm.gateway.testsupport.StubbedProvidersApplicationTests;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request's {@code model} selects a route by its name or alias once routes are
 * configured: a fast route on the OpenAI-format primary, a smart one on the
 * Anthropic-format secondary.
 */
class GatewayRoutesTests {

	private static final String FAST = "llm.fallback.routes.fast.";

	private static final String SMART = "llm.fallback.routes.smart.";

	@Nested
	@SpringBootTest(properties = { FAST + "aliases=fast,gpt-4o-mini",
			FAST + "groups[0].targets[0].target=primary/gpt-4o-mini", SMART + "aliases=smart",
			SMART + "groups[0].targets[0].target=secondary/claude-sonnet-4-5", "llm.fallback.default-route=fast" })
	@AutoConfigureWebTestClient(timeout = "30s")
	class WithRoutes extends StubbedProvidersApplicationTests {

		@Autowired
		private WebTestClient client;

		@Test
		void theModelSelectsItsRouteAndNothingElseIsCalled() {
			secondary.stubFor(post("/v1/messages").willReturn(StubProviders.anthropicMessage("Smart answer")));

			complete("smart").expectStatus()
				.isOk()
				.expectHeader()
				.valueEquals("x-llm-attempts", "secondary/claude-sonnet-4-5=succeeded")
				.expectBody()
				.jsonPath("$.choices[0].message.content")
				.isEqualTo("Smart answer");
			assertThat(primary.findAll(postRequestedFor(anyUrl()))).isEmpty();
		}

		@Test
		void aRouteThatFailsWholeDoesNotFallBackIntoAnotherRoute() {
			primary.stubFor(post("/v1/chat/completions").willReturn(StubProviders.openAiRateLimited(20)));

			complete("fast").expectStatus().isEqualTo(503);
			assertThat(secondary.findAll(postRequestedFor(anyUrl()))).isEmpty();
		}

		@Test
		void anUnknownModelIsA404InTheDialectsEnvelopeWithoutACall() {
			complete("gpt-5-turbo").expectStatus()
				.isNotFound()
				.expectBody()
				.jsonPath("$.error.code")
				.isEqualTo("model_not_found")
				.jsonPath("$.error.message")
				.value(String.class, (message) -> assertThat(message).contains("'gpt-5-turbo' is not served")
					.contains("fast, gpt-4o-mini, smart"));
			assertThat(primary.findAll(postRequestedFor(anyUrl()))).isEmpty();
			assertThat(secondary.findAll(postRequestedFor(anyUrl()))).isEmpty();
		}

		@Test
		void theModelListNamesTheAliases() {
			this.client.get()
				.uri("/v1/models")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.data[*].id")
				.isEqualTo(java.util.List.of("fast", "gpt-4o-mini", "smart"))
				.jsonPath("$.data[2].owned_by")
				.isEqualTo("smart");
		}

		@Test
		void countTokensGoesToTheAnthropicTargetOfTheModelsRoute() {
			secondary.stubFor(post("/v1/messages/count_tokens").willReturn(aResponse().withStatus(200)
				.withHeader("Content-Type", "application/json")
				.withBody("{\"input_tokens\": 12}")));

			countTokens("smart").expectStatus().isOk().expectBody().jsonPath("$.input_tokens").isEqualTo(12);
			secondary.verify(postRequestedFor(urlPathEqualTo("/v1/messages/count_tokens"))
				.withRequestBody(matchingJsonPath("$.model", equalTo("claude-sonnet-4-5"))));
		}

		@Test
		void countTokensForARouteWithoutAnAnthropicTargetIsA404EvenIfAnotherRouteHasOne() {
			countTokens("fast").expectStatus()
				.isNotFound()
				.expectBody()
				.jsonPath("$.type")
				.isEqualTo("error")
				.jsonPath("$.error.type")
				.isEqualTo("not_found_error")
				.jsonPath("$.error.message")
				.value(String.class,
						(message) -> assertThat(message).contains("route 'fast'").contains("primary: openai"));
			assertThat(secondary.findAll(postRequestedFor(anyUrl()))).isEmpty();
		}

		@Test
		void countTokensForAnUnknownModelIsA404WithoutACall() {
			countTokens("gpt-5-turbo").expectStatus()
				.isNotFound()
				.expectBody()
				.jsonPath("$.error.type")
				.isEqualTo("not_found_error");
			assertThat(secondary.findAll(postRequestedFor(anyUrl()))).isEmpty();
		}

		private WebTestClient.ResponseSpec countTokens(String model) {
			return this.client.post()
				.uri("/v1/messages/count_tokens")
				.contentType(MediaType.APPLICATION_JSON)
				.header("anthropic-version", "2023-06-01")
				.bodyValue("{\"model\": \"" + model + "\", \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}")
				.exchange();
		}

		private WebTestClient.ResponseSpec complete(String model) {
			return this.client.post()
				.uri("/v1/chat/completions")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{\"model\": \"" + model + "\", \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}")
				.exchange();
		}

	}

	@Nested
	@SpringBootTest(
			properties = { SMART + "aliases=smart", SMART + "groups[0].targets[0].target=secondary/claude-sonnet-4-5",
					"llm.fallback.gateway.unknown-model=default-route" })
	@AutoConfigureWebTestClient(timeout = "30s")
	class UnknownModelsToTheDefaultRoute extends StubbedProvidersApplicationTests {

		@Autowired
		private WebTestClient client;

		@Test
		void anUnknownModelIsServedByTheDefaultRoute() {
			primary.stubFor(post("/v1/chat/completions").willReturn(StubProviders.openAiCompletion("Default answer")));

			this.client.post()
				.uri("/v1/chat/completions")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{\"model\": \"anything\", \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}")
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.valueEquals("x-llm-provider", "primary")
				.expectBody()
				.jsonPath("$.choices[0].message.content")
				.isEqualTo("Default answer");
		}

	}

	@Nested
	@SpringBootTest(properties = { SMART + "aliases=smart", SMART + "groups[0].affinity=true",
			SMART + "groups[0].strategy=round-robin", SMART + "groups[0].targets[0].target=primary/gpt-4o-mini",
			SMART + "groups[0].targets[1].target=secondary/claude-sonnet-4-5" })
	@AutoConfigureWebTestClient(timeout = "30s")
	class Affinity extends StubbedProvidersApplicationTests {

		@Autowired
		private WebTestClient client;

		@Test
		void callsWithTheSameUserStayOnOneTargetOfAGroupWithAffinity() {
			primary.stubFor(post("/v1/chat/completions").willReturn(StubProviders.openAiCompletion("From primary")));
			secondary.stubFor(post("/v1/messages").willReturn(StubProviders.anthropicMessage("From secondary")));

			for (String user : java.util.List.of("alice", "bob", "carol")) {
				String first = provider(user, null);
				for (int call = 0; call < 6; call++) {
					assertThat(provider(user, null)).as("calls of " + user).isEqualTo(first);
				}
				// The header names the key in every dialect, and wins over the body's.
				assertThat(provider("someone-else", user)).as("header key " + user).isEqualTo(first);
			}
		}

		private String provider(String user, String affinityHeader) {
			WebTestClient.RequestBodySpec request = this.client.post()
				.uri("/v1/chat/completions")
				.contentType(MediaType.APPLICATION_JSON);
			if (affinityHeader != null) {
				request.header("x-llm-affinity", affinityHeader);
			}
			return request
				.bodyValue("{\"model\": \"smart\", \"user\": \"" + user
						+ "\", \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}")
				.exchange()
				.expectStatus()
				.isOk()
				.returnResult(String.class)
				.getResponseHeaders()
				.getFirst("x-llm-provider");
		}

	}

	@Nested
	@SpringBootTest(properties = { SMART + "aliases=smart", SMART + "hedge.after=100ms",
			SMART + "groups[0].targets[0].target=primary/gpt-4o-mini",
			SMART + "groups[1].targets[0].target=secondary/claude-sonnet-4-5" })
	@AutoConfigureWebTestClient(timeout = "30s")
	class Hedging extends StubbedProvidersApplicationTests {

		@Autowired
		private WebTestClient client;

		@Test
		void aSlowPrimaryIsHedgedUnlessTheClientOptsOut() {
			primary.stubFor(post("/v1/chat/completions")
				.willReturn(StubProviders.openAiCompletion("Slow primary").withFixedDelay(1500)));
			secondary.stubFor(post("/v1/messages").willReturn(StubProviders.anthropicMessage("Fast secondary")));

			assertThat(answer(null)).isEqualTo("Fast secondary");
			assertThat(answer("off")).isEqualTo("Slow primary");
		}

		private String answer(String hedgeHeader) {
			WebTestClient.RequestBodySpec request = this.client.post()
				.uri("/v1/chat/completions")
				.contentType(MediaType.APPLICATION_JSON);
			if (hedgeHeader != null) {
				request.header("x-llm-hedge", hedgeHeader);
			}
			String body = request
				.bodyValue("{\"model\": \"smart\", \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.returnResult()
				.getResponseBody();
			return JsonMapper.shared().readTree(body).at("/choices/0/message/content").asString();
		}

	}

}
