package io.github.fallbackllm.gateway.server.chatcompletions;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.github.fallbackllm.gateway.testsupport.OpenAiEvents;
import io.github.fallbackllm.gateway.testsupport.StubProviders;
import io.github.fallbackllm.gateway.testsupport.StubbedProvidersApplicationTests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.github.fallbackllm.gateway.testsupport.StubProviders.PRIMARY_KEY;
import static io.github.fallbackllm.gateway.testsupport.StubProviders.SECONDARY_KEY;
import static io.github.fallbackllm.gateway.testsupport.StubProviders.SECONDARY_REPORTED_MODEL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAI-compatible endpoints over HTTP, against WireMock providers: an OpenAI-format
 * primary and an Anthropic-format secondary.
 */
@AutoConfigureWebTestClient(timeout = "30s")
class OpenAiGatewayTests extends StubbedProvidersApplicationTests {

	private static final String HELLO = """
			{"model": "gpt-4o", "messages": [{"role": "user", "content": "Hi"}]}""";

	private static final String HELLO_STREAM = """
			{"model": "gpt-4o", "stream": true, "stream_options": {"include_usage": true},
			 "messages": [{"role": "user", "content": "Hi"}]}""";

	@Autowired
	private WebTestClient client;

	@Test
	void completionIsServedByTheSecondaryAfterThePrimaryRateLimits() {
		primary.stubFor(post("/v1/chat/completions").willReturn(StubProviders.openAiRateLimited(20)));
		secondary.stubFor(post("/v1/messages").willReturn(StubProviders.anthropicMessage("Hello from the secondary")));
		this.client.post()
			.uri("/v1/chat/completions")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("""
					{"model": "gpt-4o", "temperature": 0.2, "max_tokens": 64, "stop": "END",
					 "messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"}]}""")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
			.expectHeader()
			.valueEquals("x-llm-provider", "secondary")
			.expectHeader()
			.valueEquals("x-llm-model", SECONDARY_REPORTED_MODEL)
			.expectHeader()
			.valueEquals("x-llm-attempts", "primary/gpt-4o-mini=rate_limited, secondary/claude-sonnet-4-5=succeeded")
			.expectBody()
			.jsonPath("$.id")
			.value(String.class, (id) -> assertThat(id).startsWith("chatcmpl-"))
			.jsonPath("$.object")
			.isEqualTo("chat.completion")
			.jsonPath("$.model")
			.isEqualTo(SECONDARY_REPORTED_MODEL)
			.jsonPath("$.choices[0].message.role")
			.isEqualTo("assistant")
			.jsonPath("$.choices[0].message.content")
			.isEqualTo("Hello from the secondary")
			.jsonPath("$.choices[0].finish_reason")
			.isEqualTo("stop")
			.jsonPath("$.usage.prompt_tokens")
			.isEqualTo(12)
			.jsonPath("$.usage.completion_tokens")
			.isEqualTo(9)
			.jsonPath("$.usage.total_tokens")
			.isEqualTo(21);
		primary.verify(1, postRequestedFor(urlPathEqualTo("/v1/chat/completions"))
			.withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o-mini"))));
		secondary.verify(1,
				postRequestedFor(urlPathEqualTo("/v1/messages"))
					.withRequestBody(matchingJsonPath("$.system", equalTo("Be brief.")))
					.withRequestBody(matchingJsonPath("$.max_tokens", equalTo("64")))
					.withRequestBody(matchingJsonPath("$.temperature", equalTo("0.2")))
					.withRequestBody(matchingJsonPath("$.stop_sequences[0]", equalTo("END"))));
	}

	@Test
	void streamIsServedByTheSecondaryAfterThePrimaryRateLimits() {
		primary.stubFor(post("/v1/chat/completions").willReturn(StubProviders.openAiRateLimited(20)));
		secondary.stubFor(post("/v1/messages").willReturn(StubProviders.anthropicStream(List.of("Hel", "lo"), true)));
		String body = streamBody(HELLO_STREAM);
		List<String> data = OpenAiEvents.data(body);
		assertThat(data).last().isEqualTo("[DONE]");
		List<JsonNode> chunks = OpenAiEvents.json(data);
		assertThat(chunks).hasSize(5).allSatisfy((chunk) -> {
			assertThat(chunk.path("object").asString()).isEqualTo("chat.completion.chunk");
			assertThat(chunk.path("id").asString()).isEqualTo(chunks.get(0).path("id").asString())
				.startsWith("chatcmpl-");
			assertThat(chunk.path("model").asString()).isEqualTo(SECONDARY_REPORTED_MODEL);
			assertThat(chunk.has("usage")).isTrue();
		});
		assertThat(chunks.get(0).at("/choices/0/delta").toString())
			.isEqualTo("{\"role\":\"assistant\",\"content\":\"\"}");
		assertThat(chunks.subList(1, 3)).extracting((chunk) -> chunk.at("/choices/0/delta/content").asString())
			.containsExactly("Hel", "lo");
		assertThat(chunks.subList(0, 3)).allSatisfy((chunk) -> {
			assertThat(chunk.at("/choices/0/finish_reason").isNull()).isTrue();
			assertThat(chunk.path("usage").isNull()).isTrue();
		});
		JsonNode finish = chunks.get(3);
		assertThat(finish.at("/choices/0/delta").isEmpty()).isTrue();
		assertThat(finish.at("/choices/0/finish_reason").asString()).isEqualTo("stop");
		JsonNode usage = chunks.get(4);
		assertThat(usage.path("choices").isEmpty()).isTrue();
		assertThat(usage.at("/usage/prompt_tokens").asInt()).isEqualTo(11);
		assertThat(usage.at("/usage/completion_tokens").asInt()).isEqualTo(2);
		assertThat(usage.at("/usage/total_tokens").asInt()).isEqualTo(13);
		primary.verify(1, postRequestedFor(urlPathEqualTo("/v1/chat/completions")));
		secondary.verify(1, postRequestedFor(urlPathEqualTo("/v1/messages"))
			.withRequestBody(matchingJsonPath("$.stream", equalTo("true"))));
	}

	@Test
	void streamWithoutIncludeUsageHasNoUsage() {
		secondary.stubFor(post("/v1/messages").willReturn(StubProviders.anthropicStream(List.of("Hi"), true)));
		primary.stubFor(post("/v1/chat/completions").willReturn(StubProviders.openAiRateLimited(20)));
		List<String> data = OpenAiEvents.data(streamBody("""
				{"model": "gpt-4o", "stream": true, "messages": [{"role": "user", "content": "Hi"}]}"""));
		List<JsonNode> chunks = OpenAiEvents.json(data);
		assertThat(data).last().isEqualTo("[DONE]");
		assertThat(chunks).hasSize(3).noneSatisfy((chunk) -> assertThat(chunk.has("usage")).isTrue());
		assertThat(chunks.get(2).at("/choices/0/finish_reason").asString()).isEqualTo("stop");
	}

	@Test
	void streamThatBreaksAfterItsFirstChunkEndsWithAnErrorEvent() {
		primary.stubFor(post("/v1/chat/completions").willReturn(StubProviders.openAiRateLimited(20)));
		secondary.stubFor(post("/v1/messages").willReturn(StubProviders.anthropicStream(List.of("Hel", "lo"), false)));
		List<String> data = OpenAiEvents.data(streamBody(HELLO_STREAM));
		assertThat(data).hasSize(4).doesNotContain("[DONE]");
		List<JsonNode> events = OpenAiEvents.json(data);
		assertThat(events.subList(1, 3)).extracting((chunk) -> chunk.at("/choices/0/delta/content").asString())
			.containsExactly("Hel", "lo");
		JsonNode error = events.get(3).path("error");
		assertThat(error.path("type").asString()).isEqualTo("stream_interrupted");
		assertThat(error.path("message").asString())
			.startsWith("Stream from secondary/claude-sonnet-4-5 broke after 2 chunks (5 characters)")
			.contains("Not resumed on another target");
		assertThat(error.has("param")).isTrue();
		assertThat(error.has("code")).isTrue();
		secondary.verify(1, postRequestedFor(urlPathEqualTo("/v1/messages")));
	}

	@Test
	void everyProviderFailingIsA503ThatListsEveryAttemptWithRetryAfter() {
		primary.stubFor(post("/v1/chat/completions").willReturn(StubProviders.openAiRateLimited(20)));
		secondary.stubFor(post("/v1/messages").willReturn(StubProviders.anthropicRateLimited()));
		String body = this.client.post()
			.uri("/v1/chat/completions")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(HELLO)
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.value("Retry-After", StubProviders::assertRetryAfterOfTheRateLimitedPrimary)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertAllProvidersFailed(body);
	}

	@Test
	void noRetryAfterWhileATargetThatCouldServeIsNotCooling() {
		primary.stubFor(post("/v1/chat/completions").willReturn(StubProviders.openAiRateLimited(20)));
		secondary.stubFor(post("/v1/messages").willReturn(StubProviders.anthropicBadRequest()));
		this.client.post()
			.uri("/v1/chat/completions")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(HELLO)
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.doesNotExist("Retry-After");
	}

	@Test
	void streamThatFailsBeforeItsFirstChunkIsA503RatherThanAnEventStream() {
		primary.stubFor(post("/v1/chat/completions").willReturn(StubProviders.openAiRateLimited(20)));
		secondary.stubFor(post("/v1/messages").willReturn(StubProviders.anthropicRateLimited()));
		String body = this.client.post()
			.uri("/v1/chat/completions")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(HELLO_STREAM)
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.value("Retry-After", StubProviders::assertRetryAfterOfTheRateLimitedPrimary)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
			.expectHeader()
			.doesNotExist("x-llm-provider")
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertAllProvidersFailed(body);
	}

	private static void assertAllProvidersFailed(String body) {
		assertThat(body).doesNotContain(PRIMARY_KEY).doesNotContain(SECONDARY_KEY);
		JsonNode error = OpenAiEvents.json(body).path("error");
		assertThat(error.path("type").asString()).isEqualTo("all_providers_failed");
		assertThat(error.path("message").asString()).startsWith("All 2 LLM targets failed")
			.contains("1. primary/gpt-4o-mini: rate limited (HTTP 429, rate_limit_exceeded")
			.contains("secondary/claude-sonnet-4-5: rate limited (HTTP 429, rate_limit_error")
			.contains("The soonest target is expected back in ");
		JsonNode attempts = error.path("attempts");
		assertThat(attempts.get(0).path("provider").asString()).isEqualTo("primary");
		assertThat(attempts.get(0).path("outcome").asString()).isEqualTo("rate_limited");
		assertThat(attempts.get(0).path("cooldownMs").asLong()).isEqualTo(20_000);
		assertThat(attempts.get(attempts.size() - 1).path("provider").asString()).isEqualTo("secondary");
		assertThat(attempts.get(attempts.size() - 1).path("httpStatus").asInt()).isEqualTo(429);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					{"messages": [                                               | The request body is not valid JSON:
					[1, 2]                                                       | The request body must be a JSON object
					{"model": "gpt-4o"}                                          | messages is missing
					{"messages": []}                                             | messages must be a non-empty array
					{"messages": [{"role": "tool", "content": "x"}]}             | messages[0].tool_call_id must be a string (got nothing)
					{"messages": [{"role": "user", "content": 5}]}               | messages[0].content must be a string or an array of text and image parts
					{"messages": [{"role": "user", "content": "x"}], "max_tokens": 0}         | max_tokens must be a positive integer (got 0)
					{"messages": [{"role": "user", "content": "x"}], "max_tokens": "ten"}     | max_tokens must be a positive integer (got "ten")
					{"messages": [{"role": "user", "content": "x"}], "temperature": 5}        | The temperature must be between 0 and 2 (got 5.0)
					{"messages": [{"role": "user", "content": "x"}], "temperature": "hot"}    | temperature must be a number between 0 and 2 (got "hot")
					{"messages": [{"role": "user", "content": "x"}], "stream": "yes"}         | stream must be true or false
					{"messages": [{"role": "user", "content": "x"}], "tools": [{"type": "function"}]} | tools[0] is not a function tool
					""")
	void invalidRequestIsA400ThatReachesNoProvider(String request, String message) {
		this.client.post()
			.uri("/v1/chat/completions")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(request)
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.error.type")
			.isEqualTo("invalid_request_error")
			.jsonPath("$.error.message")
			.value(String.class, (text) -> assertThat(text).startsWith(message))
			.jsonPath("$.error.param")
			.hasJsonPath()
			.jsonPath("$.error.code")
			.hasJsonPath();
		assertThat(primary.getAllServeEvents()).isEmpty();
		assertThat(secondary.getAllServeEvents()).isEmpty();
	}

	@Test
	void emptyBodyIsA400() {
		this.client.post()
			.uri("/v1/chat/completions")
			.contentType(MediaType.APPLICATION_JSON)
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.error.message")
			.value(String.class, (text) -> assertThat(text).startsWith("The request body is empty"));
	}

	@Test
	void modelsListsTheChainInFallbackOrder() {
		this.client.get()
			.uri("/v1/models")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.object")
			.isEqualTo("list")
			.jsonPath("$.data.length()")
			.isEqualTo(2)
			.jsonPath("$.data[0].id")
			.isEqualTo("gpt-4o-mini")
			.jsonPath("$.data[0].object")
			.isEqualTo("model")
			.jsonPath("$.data[0].owned_by")
			.isEqualTo("primary")
			.jsonPath("$.data[1].id")
			.isEqualTo("claude-sonnet-4-5")
			.jsonPath("$.data[1].owned_by")
			.isEqualTo("secondary");
	}

	private String streamBody(String request) {
		byte[] body = this.client.post()
			.uri("/v1/chat/completions")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(request)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
			.expectHeader()
			.valueEquals("x-llm-provider", "secondary")
			.expectHeader()
			.valueEquals("x-llm-model", SECONDARY_REPORTED_MODEL)
			.expectHeader()
			.valueEquals("x-llm-attempts", "primary/gpt-4o-mini=rate_limited, secondary/claude-sonnet-4-5=succeeded")
			.expectBody()
			.returnResult()
			.getResponseBody();
		assertThat(body).isNotNull();
		return new String(body, StandardCharsets.UTF_8);
	}

}
