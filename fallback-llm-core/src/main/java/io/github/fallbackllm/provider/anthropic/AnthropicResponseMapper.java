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
				case AnthropicFormat.TEXT -> text.append(block.path("text").asString(""));
				case AnthropicFormat.TOOL_USE -> {
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
		FinishReason finishReason = AnthropicFormat.finishReason(body.path("stop_reason").asString(""),
				!toolCalls.isEmpty());
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

}
