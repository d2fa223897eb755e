package io.github.fallbackllm.provider.bedrock;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.fallbackllm.chat.ChatChunk;
import io.github.fallbackllm.chat.TokenUsage;
import io.github.fallbackllm.chat.ToolCallDelta;
import io.github.fallbackllm.provider.WebClientLlmProvider;
import reactor.core.publisher.SynchronousSink;
import tools.jackson.databind.JsonNode;

import org.springframework.http.codec.ServerSentEvent;

/**
 * Reads ConverseStream events up to {@code metadata}, the last one, which carries the
 * usage: text from {@code contentBlockDelta.delta.text}; a tool call's id and name from a
 * {@code contentBlockStart.start.toolUse} and its arguments from
 * {@code contentBlockDelta.delta.toolUse.input}; the stop reason from
 * {@code messageStop}. Unknown events and fields (such as the padding {@code p}) are
 * ignored.
 * <p>
 * Tool calls are numbered from 0 in their order, whatever their block index. The input of
 * the answer tool of a JSON response format streams as text.
 *
 * @author Fallback LLM contributors
 */
final class BedrockStreamDecoder extends WebClientLlmProvider.StreamDecoder {

	private final boolean answerTool;

	/** Tool positions by block index; -1 for the answer tool. */
	private final Map<Integer, Integer> toolBlocks = new HashMap<>();

	private int toolCalls;

	BedrockStreamDecoder(String provider, String model, boolean answerTool) {
		super(provider, model);
		this.answerTool = answerTool;
	}

	@Override
	protected boolean isEnd(ServerSentEvent<String> event) {
		return "metadata".equals(event.event());
	}

	@Override
	protected void accept(ServerSentEvent<String> event, JsonNode data, SynchronousSink<ChatChunk> sink) {
		int index = data.path("contentBlockIndex").asInt(-1);
		switch (String.valueOf(event.event())) {
			case "contentBlockStart" -> {
				JsonNode toolUse = data.path("start").path("toolUse");
				if (toolUse.isObject()) {
					startTool(index, toolUse, sink);
				}
			}
			case "contentBlockDelta" -> {
				JsonNode delta = data.path("delta");
				if (delta.has("text")) {
					emitText(delta.path("text").asString(""), sink);
				}
				else if (delta.path("toolUse").isObject()) {
					emitInput(index, delta.path("toolUse").path("input").asString(""), sink);
				}
			}
			case "messageStop" -> setFinishReason(
					BedrockResponseMapper.finishReason(data.path("stopReason").asString(""), this.toolCalls > 0));
			case "metadata" -> {
				TokenUsage usage = BedrockResponseMapper.usage(data.path("usage"));
				if (usage != null) {
					setUsage(usage);
				}
			}
			default -> {
			}
		}
	}

	private void startTool(int index, JsonNode toolUse, SynchronousSink<ChatChunk> sink) {
		String name = toolUse.path("name").asString("");
		if (this.answerTool && BedrockRequestMapper.ANSWER_TOOL.equals(name)) {
			this.toolBlocks.put(index, -1);
			return;
		}
		int call = this.toolCalls++;
		this.toolBlocks.put(index, call);
		emitToolCalls(List.of(new ToolCallDelta(call, toolUse.path("toolUseId").asString(""), name, "")), sink);
	}

	private void emitInput(int index, String json, SynchronousSink<ChatChunk> sink) {
		Integer call = this.toolBlocks.get(index);
		if (call == null || json.isEmpty()) {
			return;
		}
		if (call < 0) {
			emitText(json, sink);
		}
		else {
			emitToolCalls(List.of(new ToolCallDelta(call, null, null, json)), sink);
		}
	}

}
