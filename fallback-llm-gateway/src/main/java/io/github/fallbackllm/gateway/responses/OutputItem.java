package io.github.fallbackllm.gateway.responses;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.github.fallbackllm.chat.ChatMessage;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.chat.ToolCall;

/**
 * An item of a response's {@code output}: the assistant's text, or one function call.
 *
 * @author Fallback LLM contributors
 */
sealed interface OutputItem {

	/** The item's status while it is being streamed. */
	String IN_PROGRESS = "in_progress";

	/** The item's status once it is whole. */
	String COMPLETED = "completed";

	/** The item's status when the answer was cut short. */
	String INCOMPLETE = "incomplete";

	/**
	 * Return the item's identifier, such as {@code msg_…}.
	 * @return the identifier
	 */
	String id();

	/**
	 * Return the output of a complete answer: its text as one message, then its tool
	 * calls; a message even when the text is empty and there are no tool calls, so a
	 * client always finds the answer where it looks for it.
	 * @param answer the answer
	 * @param status the status of every item
	 * @return the items, in order
	 */
	static List<OutputItem> of(ChatResponse answer, String status) {
		List<OutputItem> output = new ArrayList<>(1 + answer.toolCalls().size());
		if (!answer.content().isEmpty() || answer.toolCalls().isEmpty()) {
			output.add(new Message(newId("msg_"), status, answer.content()));
		}
		for (ToolCall call : answer.toolCalls()) {
			output.add(new FunctionCall(newId("fc_"), status, call.id(), call.name(), call.arguments()));
		}
		return output;
	}

	/**
	 * Return the assistant message that continues the conversation after these items.
	 * @param output the items
	 * @return the message: the text of every message item, and every function call
	 */
	static ChatMessage assistantMessage(List<OutputItem> output) {
		StringBuilder text = new StringBuilder();
		List<ToolCall> calls = new ArrayList<>();
		for (OutputItem item : output) {
			if (item instanceof Message message) {
				text.append(message.text());
			}
			else if (item instanceof FunctionCall call) {
				calls.add(new ToolCall(call.callId(), call.name(), call.arguments()));
			}
		}
		return ChatMessage.assistant(text.toString(), calls);
	}

	/**
	 * A new item identifier: a prefix and 128 random bits in hex. It needs to be unique,
	 * not secret, so it does not take the lock of the secure random source.
	 * @param prefix the prefix, such as {@code msg_}
	 * @return the identifier
	 */
	static String newId(String prefix) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		HexFormat hex = HexFormat.of();
		return prefix + hex.toHexDigits(random.nextLong()) + hex.toHexDigits(random.nextLong());
	}

	/**
	 * The assistant's text, as one {@code output_text} part.
	 *
	 * @param id the item's identifier
	 * @param status its status
	 * @param text the text
	 */
	record Message(String id, String status, String text) implements OutputItem {

	}

	/**
	 * A call of a function tool.
	 *
	 * @param id the item's identifier
	 * @param status its status
	 * @param callId the call's identifier, which the {@code function_call_output} names
	 * @param name the tool's name
	 * @param arguments the arguments as JSON text
	 */
	record FunctionCall(String id, String status, String callId, String name, String arguments) implements OutputItem {

	}

}
