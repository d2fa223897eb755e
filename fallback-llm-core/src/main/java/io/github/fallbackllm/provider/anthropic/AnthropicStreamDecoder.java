package io.github.fallbackllm.provider.anthropic;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.fallbackllm.chat.ChatChunk;
import io.github.fallbackllm.chat.TokenUsage;
import io.github.fallbackllm.chat.ToolCallDelta;
import io.github.fallbackllm.provider.WebClientLlmProvider;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.SynchronousSink;
import tools.jackson.databind.JsonNode;

import org.springframework.http.codec.ServerSentEvent;

/**
 * Reads named events up to {@code message_stop}: the model and input tokens from
 * {@code message_start}; text from {@code text_delta}; a tool call's id and name from a
 * {@code tool_use} {@code content_block_start} and its arguments from
 * {@code input_json_delta}s; the stop reason and cumulative output tokens from
 * {@code message_delta}. {@code ping} and unknown events are ignored.
 * <p>
 * Tool calls are numbered from 0 in their order, as OpenAI numbers them, whatever their
 * block index. The input of the answer tool of a JSON response format streams as text.
 *
 * @author Fallback LLM contributors
 */
final class AnthropicStreamDecoder extends WebClientLlmProvider.StreamDecoder {

	private static final String EMPTY_INPUT = "{}";

	private final boolean answerTool;

	/** Tool-use blocks by block index. */
	private final Map<Integer, ToolBlock> toolBlocks = new HashMap<>();

	private int toolCalls;

	private int inputTokens;

	private int outputTokens;

	AnthropicStreamDecoder(String provider, String model, boolean answerTool) {
		super(provider, model);
		this.answerTool = answerTool;
	}

	@Override
	protected boolean isEnd(ServerSentEvent<String> event) {
		return AnthropicFormat.MESSAGE_STOP.equals(event.event());
	}

	@Override
	protected void accept(ServerSentEvent<String> event, JsonNode data, SynchronousSink<ChatChunk> sink) {
		String type = (event.event() != null) ? event.event() : data.path("type").asString("");
		int index = data.path("index").asInt(-1);
		switch (type) {
			case AnthropicFormat.MESSAGE_START -> {
				JsonNode message = data.path("message");
				setModel(message.path("model").asString(""));
				this.inputTokens = message.path("usage").path("input_tokens").asInt(0);
				this.outputTokens = message.path("usage").path("output_tokens").asInt(0);
				reportUsage(message.path("usage").isObject());
			}
			case AnthropicFormat.CONTENT_BLOCK_START -> startBlock(index, data.path("content_block"), sink);
			case AnthropicFormat.CONTENT_BLOCK_DELTA -> {
				JsonNode delta = data.path("delta");
				switch (delta.path("type").asString("")) {
					case AnthropicFormat.TEXT_DELTA -> {
						// Structured output is the answer tool's input alone.
						if (!this.answerTool) {
							emitText(delta.path("text").asString(""), sink);
						}
					}
					case AnthropicFormat.INPUT_JSON_DELTA ->
						emitInput(this.toolBlocks.get(index), delta.path("partial_json").asString(""), sink);
					default -> {
					}
				}
			}
			case AnthropicFormat.CONTENT_BLOCK_STOP -> {
				ToolBlock block = this.toolBlocks.get(index);
				if (block != null && !block.sentInput) {
					emitInput(block, EMPTY_INPUT, sink);
				}
			}
			case AnthropicFormat.MESSAGE_DELTA -> {
				String stopReason = data.path("delta").path("stop_reason").asString("");
				if (!stopReason.isEmpty()) {
					setFinishReason(AnthropicFormat.finishReason(stopReason, this.toolCalls > 0));
				}
				JsonNode usage = data.path("usage");
				if (usage.has("output_tokens")) {
					this.outputTokens = usage.path("output_tokens").asInt(this.outputTokens);
					reportUsage(true);
				}
			}
			default -> {
			}
		}
	}

	private void startBlock(int index, JsonNode block, SynchronousSink<ChatChunk> sink) {
		if (!AnthropicFormat.TOOL_USE.equals(block.path("type").asString(""))) {
			return;
		}
		String name = block.path("name").asString("");
		if (this.answerTool && AnthropicRequestMapper.ANSWER_TOOL.equals(name)) {
			this.toolBlocks.put(index, new ToolBlock(-1));
			return;
		}
		ToolBlock tool = new ToolBlock(this.toolCalls++);
		this.toolBlocks.put(index, tool);
		// The call's id and name are its first piece: they commit the stream to this
		// target.
		emitToolCalls(List.of(new ToolCallDelta(tool.callIndex, block.path("id").asString(""), name, "")), sink);
	}

	private void emitInput(@Nullable ToolBlock block, String json, SynchronousSink<ChatChunk> sink) {
		if (block == null || json.isEmpty()) {
			return;
		}
		block.sentInput = true;
		if (block.callIndex < 0) {
			emitText(json, sink);
		}
		else {
			emitToolCalls(List.of(new ToolCallDelta(block.callIndex, null, null, json)), sink);
		}
	}

	private void reportUsage(boolean reported) {
		if (reported) {
			setUsage(new TokenUsage(this.inputTokens, this.outputTokens));
		}
	}

	/** A tool-use block: a tool call's position, or -1 for the answer tool. */
	private static final class ToolBlock {

		private final int callIndex;

		private boolean sentInput;

		ToolBlock(int callIndex) {
			this.callIndex = callIndex;
		}

	}

}
