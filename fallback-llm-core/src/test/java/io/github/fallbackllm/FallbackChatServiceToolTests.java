package io.github.fallbackllm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.Capability;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.chat.ChatStreamInterruptedException;
import io.github.fallbackllm.chat.ContentPart;
import io.github.fallbackllm.chat.FinishReason;
import io.github.fallbackllm.chat.ToolCall;
import io.github.fallbackllm.chat.ToolDefinition;
import io.github.fallbackllm.provider.ProviderSettings;
import io.github.fallbackllm.provider.openai.OpenAiLlmProvider;
import io.github.fallbackllm.testsupport.ProviderStubs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.github.fallbackllm.testsupport.ProviderStubs.json;
import static io.github.fallbackllm.testsupport.ProviderStubs.ok;
import static io.github.fallbackllm.testsupport.ProviderStubs.openAiError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A tool loop across fallback: OpenAI asks for a tool, then is rate-limited, and
 * Anthropic reads the OpenAI tool call and its result to give the final answer.
 */
class FallbackChatServiceToolTests {

	private static final String CHAT = "/v1/chat/completions";

	private static final String MESSAGES = "/v1/messages";

	private static final ToolDefinition WEATHER = ToolDefinition.of("get_weather", "Current weather in a city",
			"{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}");

	private static final String TOOL_CALL_COMPLETION = """
			{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o",
			 "choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_Q7x9",
			   "type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Zürich\\"}"}}]},
			   "finish_reason":"tool_calls"}],"usage":{"prompt_tokens":20,"completion_tokens":9,"total_tokens":29}}""";

	@RegisterExtension
	static WireMockExtension openai = ProviderStubs.server();

	@RegisterExtension
	static WireMockExtension anthropic = ProviderStubs.server();

	private final FallbackChatService service = FallbackChatService.builder()
		.provider(ProviderStubs.policies(ProviderStubs.openAi("openai", openai, "sk-test-openai-0123456789", "gpt-4o")))
		.provider(ProviderStubs
			.policies(ProviderStubs.anthropic("anthropic", anthropic, "sk-ant-test-0123456789", "claude-sonnet-4-5")))
		.build();

	@Test
	void aToolLoopStartedOnOpenAiFinishesOnAnthropicAfterA429() {
		openai.stubFor(post(CHAT).willReturn(ok(TOOL_CALL_COMPLETION)));
		openai.stubFor(post(CHAT).atPriority(1)
			.withRequestBody(matchingJsonPath("$.messages[?(@.role == 'tool')]"))
			.willReturn(json(429, openAiError("tokens", "rate_limit_exceeded", "Rate limit reached"))));
		anthropic.stubFor(post(MESSAGES)
			.willReturn(ok(ProviderStubs.anthropicMessage("claude-sonnet-4-5", "It is 4 °C in Zürich."))));
		ChatRequest first = ChatRequest.builder().user("Weather in Zürich?").tools(WEATHER).build();

		ChatResponse call = this.service.chat(first);
		ChatResponse answer = this.service
			.chat(first.mutate().message(call.message()).toolResult("call_Q7x9", "{\"celsius\":4}").build());

		assertThat(call.provider()).isEqualTo("openai");
		assertThat(call.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
		assertThat(call.toolCalls()).containsExactly(new ToolCall("call_Q7x9", "get_weather", "{\"city\":\"Zürich\"}"));
		assertThat(answer.provider()).isEqualTo("anthropic");
		assertThat(answer.content()).isEqualTo("It is 4 °C in Zürich.");
		assertThat(answer.attempts().get(0).outcome()).isEqualTo(AttemptOutcome.RATE_LIMITED);
		anthropic.verify(postRequestedFor(urlEqualTo(MESSAGES)).withRequestBody(equalToJson(
				"""
						{"messages":[{"role":"user","content":"Weather in Zürich?"},
						  {"role":"assistant","content":[{"type":"tool_use","id":"call_Q7x9","name":"get_weather",
						    "input":{"city":"Zürich"}}]},
						  {"role":"user","content":[{"type":"tool_result","tool_use_id":"call_Q7x9","content":"{\\"celsius\\":4}"}]}],
						 "tools":[{"name":"get_weather","description":"Current weather in a city",
						   "input_schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}]}""",
				true, true)));
	}

	@Test
	void aBlockingStreamReturnsTheAssembledToolCalls() {
		openai.stubFor(post(CHAT).willReturn(ProviderStubs.sse(toolCallStream(true))));
		List<String> text = new ArrayList<>();

		ChatResponse response = this.service.stream(ChatRequest.builder().user("Weather?").tools(WEATHER).build(),
				text::add);

		assertThat(response.toolCalls())
			.containsExactly(new ToolCall("call_Q7x9", "get_weather", "{\"city\":\"Zürich\"}"));
		assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
		assertThat(text).isEmpty();
	}

	@Test
	void aStreamNeverSwitchesTargetAfterAToolCallDelta() {
		openai.stubFor(post(CHAT).willReturn(ProviderStubs.sse(toolCallStream(false))));
		anthropic.stubFor(post(MESSAGES).willReturn(ok(ProviderStubs.anthropicMessage("claude-sonnet-4-5", "Hi"))));

		assertThatExceptionOfType(ChatStreamInterruptedException.class).isThrownBy(
				() -> this.service.stream(ChatRequest.builder().user("Weather?").tools(WEATHER).build(), (t) -> {
				}));
		anthropic.verify(0, postRequestedFor(urlEqualTo(MESSAGES)));
	}

	@Test
	void anImageSkipsATargetConfiguredWithoutImagesWithoutCallingIt() {
		anthropic.stubFor(
				post(MESSAGES).willReturn(ok(ProviderStubs.anthropicMessage("claude-sonnet-4-5", "A cat on a mat."))));
		OpenAiLlmProvider textOnly = new OpenAiLlmProvider(
				new ProviderSettings("openai", openai.baseUrl() + "/v1", "sk-test-openai-0123456789", List.of("gpt-4o"),
						Map.of(), 1024 * 1024, EnumSet.of(Capability.TOOLS), Map.of()),
				WebClient.builder());
		FallbackChatService service = FallbackChatService.builder()
			.provider(ProviderStubs.policies(textOnly))
			.provider(ProviderStubs.policies(
					ProviderStubs.anthropic("anthropic", anthropic, "sk-ant-test-0123456789", "claude-sonnet-4-5")))
			.build();

		ChatResponse response = service.chat(ChatRequest.builder()
			.user("What is this?", ContentPart.image("image/png", new byte[] { (byte) 0x89, 'P', 'N', 'G' }))
			.build());

		assertThat(response.provider()).isEqualTo("anthropic");
		assertThat(response.attempts().get(0).outcome()).isEqualTo(AttemptOutcome.UNSUPPORTED);
		assertThat(response.attempts().get(0).detail()).isEqualTo("does not support images");
		openai.verify(0, postRequestedFor(urlEqualTo(CHAT)));
		anthropic.verify(postRequestedFor(urlEqualTo(MESSAGES))
			.withRequestBody(matchingJsonPath("$.messages[0].content[1].source.data", equalTo("iVBORw=="))));
	}

	private static String toolCallStream(boolean complete) {
		String head = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\","
				+ "\"choices\":[{\"index\":0,\"delta\":";
		String stream = head
				+ "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_Q7x9\","
				+ "\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]},"
				+ "\"finish_reason\":null}]}\n\n" + head
				+ "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\"}}]},"
				+ "\"finish_reason\":null}]}\n\n";
		if (!complete) {
			// Cut off: no end marker.
			return stream;
		}
		return stream + head + "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"Zürich\\\"}\"}}]},"
				+ "\"finish_reason\":null}]}\n\n" + head + "{},\"finish_reason\":\"tool_calls\"}]}\n\ndata: [DONE]\n\n";
	}

}
