package io.github.fallbackllm.provider.openai;

import java.util.ArrayList;
import java.util.List;

import io.github.fallbackllm.chat.ChatChunk;
import io.github.fallbackllm.chat.TokenUsage;
import io.github.fallbackllm.chat.ToolCallDelta;
import io.github.fallbackllm.provider.WebClientLlmProvider;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.SynchronousSink;
import tools.jackson.databind.JsonNode;

import org.springframework.http.codec.ServerSentEvent;

/**
 * Reads {@code data:} events up to {@code data: [DONE]}: text from {@code delta.content},
 * tool-call pieces from {@code delta.tool_calls[i]}. Chunks may have no choices (Azure's
 * first chunk, the usage chunk) and unknown fields.
 *
 * @author Fallback LLM contributors
 */
final class OpenAiStreamDecoder extends WebClientLlmProvider.StreamDecoder {

	OpenAiStreamDecoder(String provider, String model) {
		super(provider, model);
	}

	@Override
	protected boolean isEnd(ServerSentEvent<String> event) {
		String data = event.data();
		return data != null && data.strip().equals("[DONE]");
	}

	@Override
	protected void accept(ServerSentEvent<String> event, JsonNode data, SynchronousSink<ChatChunk> sink) {
		setModel(data.path("model").asString(""));
		TokenUsage usage = OpenAiResponseMapper.usage(data.path("usage"));
		if (usage != null) {
			setUsage(usage);
		}
		JsonNode choice = data.path("choices").path(0);
		String finishReason = choice.path("finish_reason").asString("");
		if (!finishReason.isEmpty()) {
			setFinishReason(OpenAiResponseMapper.finishReason(finishReason));
		}
		JsonNode delta = choice.path("delta");
		emitText(delta.path("content").asString(""), sink);
		emitToolCalls(toolCallDeltas(delta.path("tool_calls")), sink);
	}

	private static List<ToolCallDelta> toolCallDeltas(JsonNode calls) {
		List<ToolCallDelta> deltas = new ArrayList<>(calls.size());
		for (JsonNode call : calls) {
			JsonNode function = call.path("function");
			deltas.add(new ToolCallDelta(call.path("index").asInt(deltas.size()), text(call.path("id")),
					text(function.path("name")), function.path("arguments").asString("")));
		}
		return deltas;
	}

	private static @Nullable String text(JsonNode node) {
		String value = node.asString("");
		return value.isEmpty() ? null : value;
	}

}
