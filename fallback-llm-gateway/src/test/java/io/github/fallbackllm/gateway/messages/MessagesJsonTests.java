package io.github.fallbackllm.gateway.messages;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.chat.FinishReason;
import io.github.fallbackllm.chat.TokenUsage;
import io.github.fallbackllm.chat.ToolCall;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Golden tests of the bodies {@link MessagesJson} writes.
 *
 * @author Fallback LLM contributors
 */
class MessagesJsonTests {

	@Test
	void writesATextAnswerAsAMessage() {
		ChatResponse answer = new ChatResponse("Hello!", "secondary", "gpt-4o", FinishReason.LENGTH,
				new TokenUsage(12, 3), List.of());

		assertThat(text(MessagesJson.message("msg_1", answer))).isEqualTo(
				"""
						{"id":"msg_1","type":"message","role":"assistant","model":"gpt-4o","content":[{"type":"text","text":"Hello!"}],\
						"stop_reason":"max_tokens","stop_sequence":null,"usage":{"input_tokens":12,"output_tokens":3}}""");
	}

	@Test
	void writesToolCallsAsToolUseBlocksWithTheirIdsAndInputObjects() {
		ChatResponse answer = new ChatResponse("Checking.",
				List.of(new ToolCall("call_a", "weather", "{\"city\": \"Paris\"}"),
						new ToolCall("call_b", "clock", "")),
				"secondary", "gpt-4o", FinishReason.TOOL_CALLS, null, List.of());

		assertThat(text(MessagesJson.message("msg_1", answer))).isEqualTo(
				"""
						{"id":"msg_1","type":"message","role":"assistant","model":"gpt-4o","content":[{"type":"text","text":"Checking."},\
						{"type":"tool_use","id":"call_a","name":"weather","input":{"city":"Paris"}},\
						{"type":"tool_use","id":"call_b","name":"clock","input":{}}],\
						"stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":0,"output_tokens":0}}""");
	}

	@Test
	void toolArgumentsThatAreNotAJsonObjectFailTheAnswerRatherThanTheClientsParser() {
		ChatResponse answer = new ChatResponse("", List.of(new ToolCall("call_a", "weather", "{\"city\": ")),
				"secondary", "gpt-4o", FinishReason.TOOL_CALLS, null, List.of());

		assertThatIllegalStateException().isThrownBy(() -> MessagesJson.message("msg_1", answer))
			.withMessageContaining("call_a");
	}

	@Test
	void writesAnthropicsErrorEnvelope() {
		assertThat(text(MessagesJson.error("invalid_request_error", "max_tokens is missing", List.of())))
			.isEqualTo("{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
					+ "\"message\":\"max_tokens is missing\"}}");
	}

	private static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

}
