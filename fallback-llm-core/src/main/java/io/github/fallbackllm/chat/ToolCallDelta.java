package io.github.fallbackllm.chat;

import org.jspecify.annotations.Nullable;

/**
 * A piece of a streamed tool call. The first piece of a call carries its id and name; the
 * following ones carry fragments of its JSON arguments, to be concatenated in order.
 *
 * @param index the call's position among the answer's tool calls, from 0
 * @param id the call's identifier, on its first piece only
 * @param name the tool's name, on its first piece only
 * @param arguments a fragment of the arguments' JSON text, possibly empty
 * @author Fallback LLM contributors
 */
public record ToolCallDelta(int index, @Nullable String id, @Nullable String name, String arguments) {

	public ToolCallDelta {
		arguments = (arguments != null) ? arguments : "";
	}

}
