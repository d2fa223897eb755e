package io.github.fallbackllm.provider.anthropic;

import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.fallbackllm.chat.ChatChunk;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.FinishReason;
import io.github.fallbackllm.chat.ResponseFormat;
import io.github.fallbackllm.chat.ToolCall;
import io.github.fallbackllm.chat.ToolCallAccumulator;
import io.github.fallbackllm.chat.ToolDefinition;
import io.github.fallbackllm.testsupport.ProviderStubs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

class AnthropicToolStreamingTests {

	@RegisterExtension
	static WireMockExtension server = ProviderStubs.server();

	private final AnthropicLlmProvider provider = ProviderStubs.anthropic("anthropic", server, "sk-ant-test-0123456789",
			"claude-sonnet-4-5");

	@Test
	void assemblesToolUseBlocksStreamedInManyFragments() {
		String arguments = "{\"city\":\"Zürich\",\"when\":{\"days\":[1,2]}}";
		StringBuilder body = new StringBuilder(ProviderStubs.ANTHROPIC_STREAM_START)
			.append(ProviderStubs.anthropicDelta("Checking."))
			.append(stop(0))
			.append(toolStart(1, "toolu_01", "get_weather"));
		for (int i = 0; i < arguments.length(); i += 4) {
			body.append(inputDelta(1, arguments.substring(i, Math.min(i + 4, arguments.length()))));
		}
		body.append(stop(1)).append(toolStart(2, "toolu_02", "get_time")).append(stop(2)).append(end("tool_use"));
		server.stubFor(post("/v1/messages").willReturn(ProviderStubs.sse(body.toString())));

		List<ChatChunk> chunks = this.provider.stream("claude-sonnet-4-5", request(null))
			.collectList()
			.block(Duration.ofSeconds(5));

		ToolCallAccumulator accumulator = new ToolCallAccumulator();
		chunks.forEach(accumulator::add);
		assertThat(accumulator.toolCalls()).containsExactly(new ToolCall("toolu_01", "get_weather", arguments),
				new ToolCall("toolu_02", "get_time", "{}"));
		assertThat(chunks.get(0).text()).isEqualTo("Checking.");
		assertThat(chunks.get(1).toolCalls()).singleElement().satisfies((delta) -> {
			assertThat(delta.index()).isZero();
			assertThat(delta.id()).isEqualTo("toolu_01");
			assertThat(delta.name()).isEqualTo("get_weather");
		});
		assertThat(chunks.get(chunks.size() - 1).finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
	}

	@Test
	void theAnswerToolOfAJsonFormatStreamsAsText() {
		StringBuilder body = new StringBuilder(ProviderStubs.ANTHROPIC_STREAM_START.replace(
				"\"content_block\":{\"type\":\"text\",\"text\":\"\"}",
				"\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_9\",\"name\":\"json_answer\",\"input\":{}}"));
		for (String piece : List.of("{\"ci", "ty\":", "\"Zürich\"}")) {
			body.append(inputDelta(0, piece));
		}
		body.append(stop(0)).append(end("tool_use"));
		server.stubFor(post("/v1/messages").willReturn(ProviderStubs.sse(body.toString())));

		List<ChatChunk> chunks = this.provider.stream("claude-sonnet-4-5", request(ResponseFormat.JSON_OBJECT))
			.collectList()
			.block(Duration.ofSeconds(5));

		assertThat(chunks.stream().map(ChatChunk::text).reduce("", String::concat)).isEqualTo("{\"city\":\"Zürich\"}");
		assertThat(chunks).allSatisfy((chunk) -> assertThat(chunk.toolCalls()).isEmpty());
		assertThat(chunks.get(chunks.size() - 1).finishReason()).isEqualTo(FinishReason.STOP);
	}

	private static ChatRequest request(ResponseFormat format) {
		return ChatRequest.builder()
			.user("Weather?")
			.tools(ToolDefinition.of("get_weather", "Weather", null), ToolDefinition.of("get_time", "Time", null))
			.responseFormat(format)
			.build();
	}

	private static String toolStart(int index, String id, String name) {
		return "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":" + index
				+ ",\"content_block\":{\"type\":\"tool_use\",\"id\":\"" + id + "\",\"name\":\"" + name
				+ "\",\"input\":{}}}\n\n";
	}

	private static String inputDelta(int index, String json) {
		String escaped = json.replace("\\", "\\\\").replace("\"", "\\\"");
		return "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":" + index
				+ ",\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"" + escaped + "\"}}\n\n";
	}

	private static String stop(int index) {
		return "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":" + index + "}\n\n";
	}

	private static String end(String stopReason) {
		return "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"" + stopReason
				+ "\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":6}}\n\n"
				+ "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
	}

}
