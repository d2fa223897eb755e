package io.github.fallbackllm.provider.bedrock;

import java.util.ArrayList;
import java.util.List;

import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.chat.FinishReason;
import io.github.fallbackllm.chat.TokenUsage;
import io.github.fallbackllm.chat.ToolCall;
import io.github.fallbackllm.provider.ProviderException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a Converse response: text and {@code toolUse} blocks of {@code output.message},
 * {@code stopReason} and {@code usage}.
 *
 * @author Fallback LLM contributors
 */
final class BedrockResponseMapper {

	private static final JsonMapper JSON = JsonMapper.shared();

	private BedrockResponseMapper() {
	}

	static ChatResponse response(String provider, String model, ChatRequest request, JsonNode body) {
		boolean answerTool = BedrockRequestMapper.answersWithTool(request);
		StringBuilder text = new StringBuilder();
		String answer = null;
		List<ToolCall> toolCalls = new ArrayList<>();
		for (JsonNode block : body.path("output").path("message").path("content")) {
			if (block.has("text")) {
				text.append(block.path("text").asString(""));
			}
			JsonNode toolUse = block.path("toolUse");
			if (toolUse.isObject()) {
				String name = toolUse.path("name").asString("");
				String arguments = JSON.writeValueAsString(toolUse.path("input"));
				if (answerTool && BedrockRequestMapper.ANSWER_TOOL.equals(name)) {
					answer = arguments;
				}
				else {
					toolCalls.add(new ToolCall(toolUse.path("toolUseId").asString(""), name, arguments));
				}
			}
		}
		String stopReason = body.path("stopReason").asString("");
		FinishReason finishReason = finishReason(stopReason, !toolCalls.isEmpty());
		if (finishReason == FinishReason.CONTENT_FILTER) {
			throw ProviderException.of(AttemptOutcome.CONTENT_FILTERED, "stopReason " + stopReason);
		}
		// Structured output is the answer tool's input alone.
		String content = (answer != null) ? answer : text.toString();
		if (content.isEmpty() && toolCalls.isEmpty() && finishReason != FinishReason.LENGTH) {
			throw ProviderException.of(AttemptOutcome.INVALID_RESPONSE, "message without text content");
		}
		return new ChatResponse(content, toolCalls, provider, model, finishReason, usage(body.path("usage")),
				List.of());
	}

	static @Nullable TokenUsage usage(JsonNode usage) {
		return usage.isObject()
				? new TokenUsage(usage.path("inputTokens").asInt(0), usage.path("outputTokens").asInt(0)) : null;
	}

	/**
	 * Map a stop reason. A turn that ended by calling only the answer tool has no tool
	 * calls left for the caller: it stopped.
	 */
	static FinishReason finishReason(String value, boolean toolCalls) {
		return switch (value) {
			case "end_turn", "stop_sequence" -> FinishReason.STOP;
			case "max_tokens", "model_context_window_exceeded" -> FinishReason.LENGTH;
			case "guardrail_intervened", "content_filtered" -> FinishReason.CONTENT_FILTER;
			case "tool_use" -> toolCalls ? FinishReason.TOOL_CALLS : FinishReason.STOP;
			default -> FinishReason.OTHER;
		};
	}

}
