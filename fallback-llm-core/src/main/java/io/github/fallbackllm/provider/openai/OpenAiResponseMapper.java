package io.github.fallbackllm.provider.openai;

import java.util.ArrayList;
import java.util.List;

import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.chat.FinishReason;
import io.github.fallbackllm.chat.TokenUsage;
import io.github.fallbackllm.chat.ToolCall;
import io.github.fallbackllm.provider.ProviderErrors;
import io.github.fallbackllm.provider.ProviderException;
import io.github.fallbackllm.provider.SecretRedactor;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads an OpenAI chat completion: the first choice's content and tool calls, the finish
 * reason and the usage.
 *
 * @author Fallback LLM contributors
 */
final class OpenAiResponseMapper {

	private OpenAiResponseMapper() {
	}

	static ChatResponse response(String provider, String model, JsonNode body, SecretRedactor redactor) {
		JsonNode choice = body.path("choices").path(0);
		FinishReason finishReason = finishReason(choice.path("finish_reason").asString(""));
		JsonNode message = choice.path("message");
		String content = message.path("content").asString("");
		if (finishReason == FinishReason.CONTENT_FILTER || !message.path("refusal").asString("").isEmpty()) {
			throw ProviderException.of(AttemptOutcome.CONTENT_FILTERED,
					"finish_reason " + choice.path("finish_reason").asString("stop") + ", refusal: "
							+ ProviderErrors.summarize(redactor.redact(message.path("refusal").asString("none"))));
		}
		List<ToolCall> toolCalls = toolCalls(message.path("tool_calls"));
		// An empty answer cut by the caller's token limit is an answer, not a fault.
		if (choice.isMissingNode()
				|| (content.isEmpty() && toolCalls.isEmpty() && finishReason != FinishReason.LENGTH)) {
			throw ProviderException.of(AttemptOutcome.INVALID_RESPONSE, "completion without content");
		}
		// A forced tool choice ends with "stop"; the caller must still run the tools.
		if (!toolCalls.isEmpty() && finishReason == FinishReason.STOP) {
			finishReason = FinishReason.TOOL_CALLS;
		}
		return new ChatResponse(content, toolCalls, provider, body.path("model").asString(model), finishReason,
				usage(body.path("usage")), List.of());
	}

	private static List<ToolCall> toolCalls(JsonNode calls) {
		List<ToolCall> result = new ArrayList<>(calls.size());
		for (JsonNode call : calls) {
			String id = call.path("id").asString("");
			String name = call.path("function").path("name").asString("");
			if (id.isEmpty() || name.isEmpty()) {
				throw ProviderException.of(AttemptOutcome.INVALID_RESPONSE, "tool call without id or name");
			}
			result.add(new ToolCall(id, name, call.path("function").path("arguments").asString("")));
		}
		return result;
	}

	static FinishReason finishReason(String value) {
		return switch (value) {
			case "stop" -> FinishReason.STOP;
			case "length" -> FinishReason.LENGTH;
			case "content_filter" -> FinishReason.CONTENT_FILTER;
			case "tool_calls", "function_call" -> FinishReason.TOOL_CALLS;
			default -> FinishReason.OTHER;
		};
	}

	static @Nullable TokenUsage usage(JsonNode usage) {
		if (!usage.isObject()) {
			return null;
		}
		return new TokenUsage(usage.path("prompt_tokens").asInt(0), usage.path("completion_tokens").asInt(0));
	}

}
