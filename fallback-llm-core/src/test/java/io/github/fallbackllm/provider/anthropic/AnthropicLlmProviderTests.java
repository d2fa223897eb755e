package io.github.fallbackllm.provider.anthropic;

import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.ChatChunk;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.chat.FinishReason;
import io.github.fallbackllm.provider.ProviderException;
import io.github.fallbackllm.testsupport.ProviderStubs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

class AnthropicLlmProviderTests {

	@RegisterExtension
	static WireMockExtension server = ProviderStubs.server();

	private final AnthropicLlmProvider provider = ProviderStubs.anthropic("anthropic", server, "sk-ant-test-0123456789",
			"claude-sonnet-4-5");

	@Test
	void sendsTheMessagesRequestWithSystemPromptAndRequiredMaxTokens() {
		server.stubFor(post("/v1/messages")
			.willReturn(ProviderStubs.ok(ProviderStubs.anthropicMessage("claude-sonnet-4-5", "Hi"))));

		this.provider
			.chat("claude-sonnet-4-5",
					ChatRequest.builder()
						.system("Be brief.")
						.system("Answer in English.")
						.user("Hello")
						.stop("END")
						.build())
			.block(Duration.ofSeconds(5));

		server.verify(
				postRequestedFor(urlEqualTo("/v1/messages")).withHeader("x-api-key", equalTo("sk-ant-test-0123456789"))
					.withHeader("anthropic-version", equalTo("2023-06-01"))
					.withRequestBody(equalToJson("""
							{"model":"claude-sonnet-4-5","max_tokens":4096,"system":"Be brief.\\n\\nAnswer in English.",
							 "messages":[{"role":"user","content":"Hello"}],"stop_sequences":["END"]}""")));
	}

	@Test
	void readsTheMessage() {
		server.stubFor(post("/v1/messages").willReturn(ProviderStubs
			.ok("""
					{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
					 "content":[{"type":"thinking","thinking":"hmm"},{"type":"text","text":"Hi! "},{"type":"text","text":"How can I help?"}],
					 "stop_reason":"max_tokens","usage":{"input_tokens":12,"output_tokens":9}}""")));

		ChatResponse response = this.provider.chat("claude-sonnet-4-5", ChatRequest.of("Hi"))
			.block(Duration.ofSeconds(5));

		assertThat(response.content()).isEqualTo("Hi! How can I help?");
		assertThat(response.model()).isEqualTo("claude-sonnet-4-5-20250929");
		assertThat(response.finishReason()).isEqualTo(FinishReason.LENGTH);
		assertThat(response.usage().totalTokens()).isEqualTo(21);
	}

	@Test
	void anAnswerCutByItsTokenLimitBeforeAnyTextIsStillAnAnswer() {
		server.stubFor(post("/v1/messages").willReturn(ProviderStubs.ok("""
				{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
				 "content":[{"type":"thinking","thinking":"Let me think about"}],
				 "stop_reason":"max_tokens","usage":{"input_tokens":12,"output_tokens":16}}""")));

		ChatResponse response = this.provider.chat("claude-sonnet-4-5", ChatRequest.of("Hi"))
			.block(Duration.ofSeconds(5));

		assertThat(response.content()).isEmpty();
		assertThat(response.finishReason()).isEqualTo(FinishReason.LENGTH);
		assertThat(response.usage().completionTokens()).isEqualTo(16);
	}

	@Test
	void aStreamCutByItsTokenLimitBeforeAnyTextIsStillAnAnswer() {
		server.stubFor(post("/v1/messages").willReturn(ProviderStubs.sse(ProviderStubs.anthropicStream()
			.replace("\"stop_reason\":\"end_turn\"", "\"stop_reason\":\"max_tokens\""))));

		List<ChatChunk> chunks = this.provider.stream("claude-sonnet-4-5", ChatRequest.of("Hi"))
			.collectList()
			.block(Duration.ofSeconds(5));

		assertThat(chunks).singleElement().satisfies((chunk) -> {
			assertThat(chunk.isLast()).isTrue();
			assertThat(chunk.text()).isEmpty();
			assertThat(chunk.finishReason()).isEqualTo(FinishReason.LENGTH);
		});
	}

	@Test
	void aRefusalIsContentFiltered() {
		server.stubFor(post("/v1/messages").willReturn(ProviderStubs
			.ok(ProviderStubs.anthropicMessage("claude-sonnet-4-5", "").replace("end_turn", "refusal"))));

		StepVerifier.create(this.provider.chat("claude-sonnet-4-5", ChatRequest.of("Hi")))
			.expectErrorSatisfies((ex) -> assertThat(((ProviderException) ex).getOutcome())
				.isEqualTo(AttemptOutcome.CONTENT_FILTERED))
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void listsModels() {
		server.stubFor(get("/v1/models?limit=1000").willReturn(ProviderStubs
			.ok("""
					{"data":[{"type":"model","id":"claude-sonnet-4-5","display_name":"Claude Sonnet 4.5","created_at":"2025-09-29T00:00:00Z"}],
					 "has_more":false,"first_id":"claude-sonnet-4-5","last_id":"claude-sonnet-4-5"}""")));

		assertThat(this.provider.listModels().block(Duration.ofSeconds(5))).containsExactly("claude-sonnet-4-5");
		server.verify(getRequestedFor(urlEqualTo("/v1/models?limit=1000")).withHeader("x-api-key",
				equalTo("sk-ant-test-0123456789")));
	}

	@Test
	void countsTokensForItsOwnModelWithTheRequestAsTheClientSentIt() {
		server.stubFor(post("/v1/messages/count_tokens").willReturn(ProviderStubs.ok("{\"input_tokens\":14}")));
		ObjectNode request = JsonMapper.shared().createObjectNode().put("model", "smart");
		request.putArray("messages").addObject().put("role", "user").put("content", "Hello");

		JsonNode count = this.provider.countTokens("claude-sonnet-4-5", request).block(Duration.ofSeconds(5));

		assertThat(count.path("input_tokens").asInt()).isEqualTo(14);
		assertThat(request.path("model").asString()).as("the caller's request is left as it was").isEqualTo("smart");
		server.verify(postRequestedFor(urlEqualTo("/v1/messages/count_tokens"))
			.withHeader("x-api-key", equalTo("sk-ant-test-0123456789"))
			.withHeader("anthropic-version", equalTo("2023-06-01"))
			.withRequestBody(equalToJson("""
					{"model":"claude-sonnet-4-5","messages":[{"role":"user","content":"Hello"}]}""")));
	}

	@Test
	void aCountThatFailsIsAProviderException() {
		server.stubFor(post("/v1/messages/count_tokens")
			.willReturn(ProviderStubs.json(429, ProviderStubs.anthropicError("rate_limit_error", "Slow down"))));
		ObjectNode request = JsonMapper.shared().createObjectNode();
		request.putArray("messages").addObject().put("role", "user").put("content", "Hello");

		StepVerifier.create(this.provider.countTokens("claude-sonnet-4-5", request))
			.expectErrorSatisfies(
					(ex) -> assertThat(((ProviderException) ex).getOutcome()).isEqualTo(AttemptOutcome.RATE_LIMITED))
			.verify(Duration.ofSeconds(5));
	}

}
