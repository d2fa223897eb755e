package io.github.fallbackllm.provider.anthropic;

import java.util.ArrayList;
import java.util.List;

import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.chat.FinishReason;
import io.github.fallbackllm.chat.TokenUsage;
import io.github.fallbackllm.chat.ToolCall;
import io.github.fallbackllm.provider.ProviderException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an Anthropic message: text blocks, {@code tool_use} blocks as tool calls with
 * their {@code input} as JSON text, and, for a JSON response format, the input of the
 * answer tool as the content.
 *
 * @author Fallback LLM contributors
 */
final class AnthropicResponseMapper {

	private static final JsonMapper JSON = JsonMapper.shared();

	private AnthropicResponseMapper() {
	}

	static ChatResponse response(String provider, String model, ChatRequest request, JsonNode body) {
		boolean answerTool = AnthropicRequestMapper.answersWithTool(request);
		StringBuilder text = new StringBuilder();
		String answer = null;
		List<ToolCall> toolCalls = new ArrayList<>();
		for (JsonNode block : body.path("content")) {
			switch (block.path("type").asString("")) {
				case "text" -> text.append(block.path("text").asString(""));
				case "tool_use" -> {
					String arguments = JSON.writeValueAsString(block.path("input"));
					String name = block.path("name").asString("");
					if (answerTool && AnthropicRequestMapper.ANSWER_TOOL.equals(name)) {
						answer = arguments;
					}
					else {
						toolCalls.add(new ToolCall(block.path("id").asString(""), name, arguments));
					}
				}
				default -> {
				}
			}
		}
		FinishReason finishReason = finishReason(body.path("stop_reason").asString(""), !toolCalls.isEmpty());
		if (finishReason == FinishReason.CONTENT_FILTER) {
			throw ProviderException.of(AttemptOutcome.CONTENT_FILTERED, "stop_reason refusal");
		}
		// Structured output is the answer tool's input alone, without any words around
		// it.
		String content = (answer != null) ? answer : text.toString();
		// An empty answer cut by the caller's token limit is an answer, not a fault.
		if (content.isEmpty() && toolCalls.isEmpty() && finishReason != FinishReason.LENGTH) {
			throw ProviderException.of(AttemptOutcome.INVALID_RESPONSE, "message without text content");
		}
		JsonNode usage = body.path("usage");
		return new ChatResponse(content, toolCalls, provider, body.path("model").asString(model), finishReason,
				usage.isObject()
						? new TokenUsage(usage.path("input_tokens").asInt(0), usage.path("output_tokens").asInt(0))
						: null,
				List.of());
	}

	/**
	 * Map a stop reason. A turn that ended by calling only the answer tool has no tool
	 * calls left for the caller: it stopped.
	 */
	static FinishReason finishReason(String value, boolean toolCalls) {
		return switch (value) {
			case "end_turn", "stop_sequence" -> FinishReason.STOP;
			case "max_tokens", "model_context_window_exceeded" -> FinishReason.LENGTH;
			case "refusal" -> FinishReason.CONTENT_FILTER;
			case "tool_use" -> toolCalls ? FinishReason.TOOL_CALLS : FinishReason.STOP;
			default -> FinishReason.OTHER;
		};
	}

}
