package io.github.fallbackllm.chat;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Checks the tool side of a request before any provider sees it. Both OpenAI and
 * Anthropic reject an assistant's tool call that the following messages leave unanswered,
 * and a result that answers no call; a fallback that sends such a conversation to the
 * next provider would only fail again there.
 *
 * @author Fallback LLM contributors
 */
final class ToolConversation {

	private ToolConversation() {
	}

	static void check(List<ChatMessage> messages, List<ToolDefinition> tools, @Nullable ToolChoice toolChoice) {
		Set<String> names = new HashSet<>();
		for (ToolDefinition tool : tools) {
			if (tool == null) {
				throw new InvalidChatRequestException("A tool definition is null");
			}
			if (!names.add(tool.name())) {
				throw new InvalidChatRequestException("Tool '" + tool.name() + "' is defined twice");
			}
		}
		if (toolChoice != null && toolChoice.mode() == ToolChoice.Mode.NAMED && !names.contains(toolChoice.name())) {
			throw new InvalidChatRequestException(
					"The tool choice names tool '" + toolChoice.name() + "', which the request does not define");
		}
		if (toolChoice != null && toolChoice.mode() == ToolChoice.Mode.REQUIRED && tools.isEmpty()) {
			throw new InvalidChatRequestException("The tool choice requires a tool call, but the request has no tools");
		}
		Set<String> open = new LinkedHashSet<>();
		for (int i = 0; i < messages.size(); i++) {
			ChatMessage message = messages.get(i);
			if (message.role() == ChatRole.TOOL) {
				if (!open.remove(message.toolCallId())) {
					throw new InvalidChatRequestException("messages[" + i + "] answers tool call '"
							+ message.toolCallId() + "', which the assistant message before it did not make");
				}
				continue;
			}
			requireAnswered(open, "messages[" + i + "]");
			for (ToolCall call : message.toolCalls()) {
				if (!open.add(call.id())) {
					throw new InvalidChatRequestException(
							"messages[" + i + "] has two tool calls with id '" + call.id() + "'");
				}
			}
		}
		requireAnswered(open, "the end of the conversation");
	}

	private static void requireAnswered(Set<String> open, String before) {
		if (!open.isEmpty()) {
			throw new InvalidChatRequestException("Tool calls " + open + " need their results (tool messages) before "
					+ before + "; providers reject a tool call without its result");
		}
	}

}
