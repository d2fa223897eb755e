package io.github.fallbackllm.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * Assembles the tool calls of a streamed answer from its {@link ToolCallDelta}s. Not
 * thread-safe: feed it the chunks of one stream, in order.
 *
 * @author Fallback LLM contributors
 */
public final class ToolCallAccumulator {

	private final Map<Integer, Builder> calls = new TreeMap<>();

	/**
	 * Add the tool-call pieces of a chunk.
	 * @param chunk the chunk
	 */
	public void add(ChatChunk chunk) {
		chunk.toolCalls().forEach(this::add);
	}

	/**
	 * Add one piece.
	 * @param delta the piece
	 */
	public void add(ToolCallDelta delta) {
		Builder call = this.calls.computeIfAbsent(delta.index(), (index) -> new Builder());
		if (delta.id() != null) {
			call.id = delta.id();
		}
		if (delta.name() != null) {
			call.name = delta.name();
		}
		call.arguments.append(delta.arguments());
	}

	/**
	 * Return the calls assembled so far, by index.
	 * @return the calls
	 * @throws IllegalStateException if a call never received its id or name
	 */
	public List<ToolCall> toolCalls() {
		List<ToolCall> result = new ArrayList<>(this.calls.size());
		this.calls.forEach((index, call) -> {
			if (call.id == null || call.name == null) {
				throw new IllegalStateException("Streamed tool call " + index + " has no id or name");
			}
			result.add(new ToolCall(call.id, call.name, call.arguments.toString()));
		});
		return result;
	}

	private static final class Builder {

		private @Nullable String id;

		private @Nullable String name;

		private final StringBuilder arguments = new StringBuilder();

	}

}
