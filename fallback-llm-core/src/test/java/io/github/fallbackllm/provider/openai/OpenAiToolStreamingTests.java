package io.github.fallbackllm.provider.openai;

import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.fallbackllm.chat.ChatChunk;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.FinishReason;
import io.github.fallbackllm.chat.ToolCall;
import io.github.fallbackllm.chat.ToolCallAccumulator;
import io.github.fallbackllm.chat.ToolDefinition;
import io.github.fallbackllm.testsupport.ProviderStubs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

class OpenAiToolStreamingTests {

	@RegisterExtension
	static WireMockExtension server = ProviderStubs.server();

	private final OpenAiLlmProvider provider = ProviderStubs.openAi("openai", server, "sk-test-0123456789", "gpt-4o");

	@Test
	void assemblesToolCallsStreamedInManyFragments() {
		String arguments = "{\"city\":\"Zürich\",\"when\":{\"days\":[1,2]}}";
		StringBuilder body = new StringBuilder(event("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{"
				+ "\"index\":0,\"id\":\"call_A\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
				+ "\"arguments\":\"\"}}]}", null));
		for (int i = 0; i < arguments.length(); i += 3) {
			body.append(fragment(0, arguments.substring(i, Math.min(i + 3, arguments.length()))));
		}
		body.append(event("{\"tool_calls\":[{\"index\":1,\"id\":\"call_B\",\"type\":\"function\","
				+ "\"function\":{\"name\":\"get_time\",\"arguments\":\"\"}}]}", null));
		body.append(event("{}", "\"tool_calls\"")).append("data: [DONE]\n\n");
		server.stubFor(post("/v1/chat/completions").willReturn(ProviderStubs.sse(body.toString())));

		List<ChatChunk> chunks = this.provider.stream("gpt-4o", request()).collectList().block(Duration.ofSeconds(5));

		assertThat(chunks.get(0).toolCalls()).singleElement()
			.satisfies((delta) -> assertThat(delta.id()).isEqualTo("call_A"));
		ToolCallAccumulator accumulator = new ToolCallAccumulator();
		chunks.forEach(accumulator::add);
		assertThat(accumulator.toolCalls()).containsExactly(new ToolCall("call_A", "get_weather", arguments),
				new ToolCall("call_B", "get_time", "{}"));
		assertThat(chunks.get(chunks.size() - 1).finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
		assertThat(chunks).filteredOn((chunk) -> !chunk.text().isEmpty()).isEmpty();
		server.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
			.withRequestBody(matchingJsonPath("$.tools[1].function.name", equalTo("get_time")))
			.withRequestBody(matchingJsonPath("$.stream", equalTo("true"))));
	}

	private static ChatRequest request() {
		return ChatRequest.builder()
			.user("Weather?")
			.tools(ToolDefinition.of("get_weather", "Weather", null), ToolDefinition.of("get_time", "Time", null))
			.build();
	}

	private static String fragment(int index, String arguments) {
		String escaped = arguments.replace("\\", "\\\\").replace("\"", "\\\"");
		return event("{\"tool_calls\":[{\"index\":" + index + ",\"function\":{\"arguments\":\"" + escaped + "\"}}]}",
				null);
	}

	private static String event(String delta, String finishReason) {
		return "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\","
				+ "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":"
				+ finishReason + "}]}\n\n";
	}

}
