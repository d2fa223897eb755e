package io.github.fallbackllm.provider.openai;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.ChatChunk;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.chat.FinishReason;
import io.github.fallbackllm.provider.ProviderException;
import io.github.fallbackllm.provider.ProviderSettings;
import io.github.fallbackllm.testsupport.ProviderStubs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

class OpenAiLlmProviderTests {

	@RegisterExtension
	static WireMockExtension server = ProviderStubs.server();

	private final OpenAiLlmProvider provider = new OpenAiLlmProvider(new ProviderSettings("openai",
			server.baseUrl() + "/v1/", "sk-test-key-0123456789", List.of("gpt-4o"), Map.of("X-Title", "demo"), 65536),
			WebClient.builder());

	@Test
	void sendsTheChatCompletionsRequest() {
		server.stubFor(post("/v1/chat/completions")
			.willReturn(ProviderStubs.ok(ProviderStubs.openAiCompletion("gpt-4o", "Hi"))));

		this.provider
			.chat("gpt-4o",
					ChatRequest.builder()
						.system("Be brief.")
						.user("Hello!")
						.assistant("Hi.")
						.user("Again")
						.temperature(0.2)
						.maxTokens(256)
						.stop("END")
						.build())
			.block(Duration.ofSeconds(5));

		server.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
			.withHeader("Authorization", equalTo("Bearer sk-test-key-0123456789"))
			.withHeader("X-Title", equalTo("demo"))
			.withHeader("Content-Type", equalTo("application/json"))
			.withRequestBody(equalToJson(
					"""
							{"model":"gpt-4o","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hello!"},
							 {"role":"assistant","content":"Hi."},{"role":"user","content":"Again"}],
							 "temperature":0.2,"max_completion_tokens":256,"stop":["END"]}""")));
	}

	@Test
	void leavesOutWhatTheRequestDoesNotSet() {
		server.stubFor(post("/v1/chat/completions")
			.willReturn(ProviderStubs.ok(ProviderStubs.openAiCompletion("gpt-4o", "Hi"))));

		this.provider.chat("gpt-4o", ChatRequest.of("Hello")).block(Duration.ofSeconds(5));

		server.verify(postRequestedFor(urlEqualTo("/v1/chat/completions")).withRequestBody(
				equalToJson("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}")));
	}

	@Test
	void sendsNoAuthorizationWithoutAKey() {
		OpenAiLlmProvider local = new OpenAiLlmProvider(
				ProviderStubs.settings("ollama", server.baseUrl() + "/v1", null, "llama3.2"), WebClient.builder());
		server.stubFor(post("/v1/chat/completions")
			.willReturn(ProviderStubs.ok(ProviderStubs.openAiCompletion("llama3.2", "Hi"))));

		local.chat("llama3.2", ChatRequest.of("Hello")).block(Duration.ofSeconds(5));

		server.verify(postRequestedFor(urlEqualTo("/v1/chat/completions")).withHeader("Authorization", absent()));
	}

	@Test
	void readsTheCompletion() {
		server.stubFor(post("/v1/chat/completions").willReturn(ProviderStubs
			.ok(ProviderStubs.openAiCompletion("gpt-4o-2024-08-06", "Hello!").replace("\"stop\"", "\"length\""))));

		ChatResponse response = this.provider.chat("gpt-4o", ChatRequest.of("Hi")).block(Duration.ofSeconds(5));

		assertThat(response.content()).isEqualTo("Hello!");
		assertThat(response.model()).isEqualTo("gpt-4o-2024-08-06");
		assertThat(response.finishReason()).isEqualTo(FinishReason.LENGTH);
		assertThat(response.usage().promptTokens()).isEqualTo(19);
		assertThat(response.usage().completionTokens()).isEqualTo(10);
	}

	@Test
	void anAnswerCutByItsTokenLimitBeforeAnyTextIsStillAnAnswer() {
		server.stubFor(post("/v1/chat/completions").willReturn(ProviderStubs
			.ok("""
					{"id":"chatcmpl-1","object":"chat.completion","model":"o3-mini","choices":[{"index":0,
					 "message":{"role":"assistant","content":"","refusal":null},"finish_reason":"length"}],
					 "usage":{"prompt_tokens":12,"completion_tokens":16,"completion_tokens_details":{"reasoning_tokens":16}}}""")));

		ChatResponse response = this.provider.chat("o3-mini", ChatRequest.of("Hi")).block(Duration.ofSeconds(5));

		assertThat(response.content()).isEmpty();
		assertThat(response.finishReason()).isEqualTo(FinishReason.LENGTH);
		assertThat(response.usage().completionTokens()).isEqualTo(16);
	}

	@Test
	void aStreamCutByItsTokenLimitBeforeAnyTextIsStillAnAnswer() {
		server.stubFor(post("/v1/chat/completions").willReturn(ProviderStubs
			.sse(ProviderStubs.openAiStream().replace("\"finish_reason\":\"stop\"", "\"finish_reason\":\"length\""))));

		List<ChatChunk> chunks = this.provider.stream("o3-mini", ChatRequest.of("Hi"))
			.collectList()
			.block(Duration.ofSeconds(5));

		assertThat(chunks).singleElement().satisfies((chunk) -> {
			assertThat(chunk.isLast()).isTrue();
			assertThat(chunk.text()).isEmpty();
			assertThat(chunk.finishReason()).isEqualTo(FinishReason.LENGTH);
		});
	}

	@Test
	void aStreamEndingWithoutTextForAnotherReasonIsUnusable() {
		server.stubFor(post("/v1/chat/completions").willReturn(ProviderStubs.sse(ProviderStubs.openAiStream())));

		StepVerifier.create(this.provider.stream("gpt-4o", ChatRequest.of("Hi")))
			.expectErrorSatisfies((ex) -> assertThat(((ProviderException) ex).getOutcome())
				.isEqualTo(AttemptOutcome.INVALID_RESPONSE))
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void aRefusalIsContentFiltered() {
		server.stubFor(post("/v1/chat/completions").willReturn(ProviderStubs
			.ok("""
					{"choices":[{"index":0,"message":{"role":"assistant","content":null,"refusal":"I can't help with that."},
					 "finish_reason":"stop"}]}""")));

		StepVerifier.create(this.provider.chat("gpt-4o", ChatRequest.of("Hi")))
			.expectErrorSatisfies((ex) -> assertThat(((ProviderException) ex).getOutcome())
				.isEqualTo(AttemptOutcome.CONTENT_FILTERED))
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void aCompletionWithoutChoicesIsUnusable() {
		server.stubFor(post("/v1/chat/completions").willReturn(ProviderStubs.ok("{\"id\":\"x\",\"choices\":[]}")));

		StepVerifier.create(this.provider.chat("gpt-4o", ChatRequest.of("Hi")))
			.expectErrorSatisfies((ex) -> assertThat(((ProviderException) ex).getOutcome())
				.isEqualTo(AttemptOutcome.INVALID_RESPONSE))
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void aBodyLargerThanTheLimitIsRejectedWithoutReadingItAll() {
		OpenAiLlmProvider small = new OpenAiLlmProvider(new ProviderSettings("openai", server.baseUrl() + "/v1",
				"sk-test-key-0123456789", List.of("gpt-4o"), Map.of(), 1024), WebClient.builder());
		server.stubFor(post("/v1/chat/completions")
			.willReturn(ProviderStubs.ok(ProviderStubs.openAiCompletion("gpt-4o", "x".repeat(1_000_000)))));

		StepVerifier.create(small.chat("gpt-4o", ChatRequest.of("Hi")))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(ProviderException.class)
				.hasMessage("unusable response: response larger than 1024 bytes"))
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void listsModels() {
		server.stubFor(get("/v1/models").willReturn(ProviderStubs.ok("""
				{"object":"list","data":[{"id":"gpt-4o","object":"model","created":1686935002,"owned_by":"openai"},
				 {"id":"gpt-4o-mini","object":"model","created":1686935002,"owned_by":"openai"}]}""")));

		assertThat(this.provider.listModels().block(Duration.ofSeconds(5))).containsExactly("gpt-4o", "gpt-4o-mini");
		server.verify(getRequestedFor(urlEqualTo("/v1/models")).withHeader("Authorization",
				equalTo("Bearer sk-test-key-0123456789")));
	}

}
