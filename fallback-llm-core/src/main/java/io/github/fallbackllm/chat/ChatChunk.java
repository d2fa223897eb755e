package io.github.fallbackllm.chat;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A piece of a streamed answer. Every chunk but the last carries a text delta or
 * tool-call deltas; the last one carries the finish reason and, when the provider reports
 * it, the token usage.
 *
 * @param text the text delta, empty on the last chunk and on tool-call chunks
 * @param toolCalls pieces of tool calls, see {@link ToolCallAccumulator}
 * @param provider the provider that is answering
 * @param model the model that is answering, as the provider reported it
 * @param finishReason why generation stopped; set on the last chunk only
 * @param usage tokens consumed; on the last chunk only, when reported
 * @param attempts every target the call tried or skipped before this one answered; final
 * once the first chunk is out, since a stream never switches provider after that
 * @author Fallback LLM contributors
 */
public record ChatChunk(String text, List<ToolCallDelta> toolCalls, String provider, String model,
		@Nullable FinishReason finishReason, @Nullable TokenUsage usage, List<Attempt> attempts) {

	public ChatChunk {
		toolCalls = List.copyOf(toolCalls);
	}

	/**
	 * Create a text delta.
	 * @param text the text
	 * @param provider the provider name
	 * @param model the model name
	 * @return the chunk
	 */
	public static ChatChunk text(String text, String provider, String model) {
		return new ChatChunk(text, List.of(), provider, model, null, null, List.of());
	}

	/**
	 * Create a chunk with pieces of tool calls.
	 * @param toolCalls the pieces
	 * @param provider the provider name
	 * @param model the model name
	 * @return the chunk
	 */
	public static ChatChunk toolCalls(List<ToolCallDelta> toolCalls, String provider, String model) {
		return new ChatChunk("", toolCalls, provider, model, null, null, List.of());
	}

	/**
	 * Create the closing chunk of a stream.
	 * @param provider the provider name
	 * @param model the model name
	 * @param finishReason why generation stopped
	 * @param usage the token usage, if reported
	 * @return the chunk
	 */
	public static ChatChunk last(String provider, String model, FinishReason finishReason, @Nullable TokenUsage usage) {
		return new ChatChunk("", List.of(), provider, model, finishReason, usage, List.of());
	}

	/**
	 * Split a complete answer into the chunks a stream of it would have: its text, its
	 * tool calls, then the last chunk.
	 * @param response the answer
	 * @return the chunks
	 */
	public static List<ChatChunk> chunksOf(ChatResponse response) {
		List<ChatChunk> chunks = new ArrayList<>(3);
		if (!response.content().isEmpty()) {
			chunks.add(text(response.content(), response.provider(), response.model()));
		}
		if (!response.toolCalls().isEmpty()) {
			List<ToolCallDelta> deltas = new ArrayList<>(response.toolCalls().size());
			for (ToolCall call : response.toolCalls()) {
				deltas.add(new ToolCallDelta(deltas.size(), call.id(), call.name(), call.arguments()));
			}
			chunks.add(toolCalls(deltas, response.provider(), response.model()));
		}
		chunks.add(last(response.provider(), response.model(), response.finishReason(), response.usage()));
		return chunks;
	}

	public boolean isLast() {
		return this.finishReason != null;
	}

	public ChatChunk withAttempts(List<Attempt> attempts) {
		return new ChatChunk(this.text, this.toolCalls, this.provider, this.model, this.finishReason, this.usage,
				attempts);
	}

}
