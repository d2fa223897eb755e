package io.github.fallbackllm.chat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * One message of a conversation: text and images, the tool calls of an assistant, or the
 * result of one tool call.
 *
 * @param role who wrote it
 * @param parts its content, in order; images only in user messages
 * @param toolCalls the tools an assistant message asks to call
 * @param toolCallId the call a {@link ChatRole#TOOL tool} message answers
 * @param error whether a tool message reports that the tool failed
 * @author Fallback LLM contributors
 */
public record ChatMessage(ChatRole role, List<ContentPart> parts, List<ToolCall> toolCalls, @Nullable String toolCallId,
		boolean error) {

	public ChatMessage {
		if (role == null) {
			throw new InvalidChatRequestException("A message needs a role");
		}
		if (parts == null) {
			throw new InvalidChatRequestException("A " + role.wireName() + " message needs content (got null)");
		}
		parts = List.copyOf(parts);
		toolCalls = (toolCalls != null) ? List.copyOf(toolCalls) : List.of();
		if (!toolCalls.isEmpty() && role != ChatRole.ASSISTANT) {
			throw new InvalidChatRequestException("Only assistant messages carry tool calls");
		}
		if ((role == ChatRole.TOOL) != (toolCallId != null)) {
			throw new InvalidChatRequestException((role == ChatRole.TOOL) ? "A tool message needs a tool call id"
					: "Only tool messages answer a tool call");
		}
		if (role != ChatRole.USER && parts.stream().anyMatch(ContentPart.Image.class::isInstance)) {
			throw new InvalidChatRequestException("Only user messages carry images");
		}
	}

	/**
	 * Create a text message.
	 * @param role who wrote it
	 * @param content its text
	 */
	public ChatMessage(ChatRole role, String content) {
		this(role, (content != null) ? List.of(ContentPart.text(content)) : null, List.of(), null, false);
	}

	public static ChatMessage system(String content) {
		return new ChatMessage(ChatRole.SYSTEM, content);
	}

	public static ChatMessage user(String content) {
		return new ChatMessage(ChatRole.USER, content);
	}

	/**
	 * Create a user message of text followed by images or more text.
	 * @param text the text
	 * @param parts the parts that follow it, such as {@link ContentPart#imageUrl(String)}
	 * @return the message
	 */
	public static ChatMessage user(String text, ContentPart... parts) {
		List<ContentPart> content = new ArrayList<>(parts.length + 1);
		content.add(ContentPart.text(text));
		content.addAll(Arrays.asList(parts));
		return new ChatMessage(ChatRole.USER, content, List.of(), null, false);
	}

	public static ChatMessage assistant(String content) {
		return new ChatMessage(ChatRole.ASSISTANT, content);
	}

	/**
	 * Create an assistant message that calls tools, as a model answered it.
	 * @param content the text that came with the calls, possibly empty
	 * @param toolCalls the calls
	 * @return the message
	 */
	public static ChatMessage assistant(String content, List<ToolCall> toolCalls) {
		return new ChatMessage(ChatRole.ASSISTANT, content.isEmpty() ? List.of() : List.of(ContentPart.text(content)),
				toolCalls, null, false);
	}

	/**
	 * Create the result of a tool call.
	 * @param toolCallId the call it answers
	 * @param content the result, often JSON text
	 * @return the message
	 */
	public static ChatMessage toolResult(String toolCallId, String content) {
		return new ChatMessage(ChatRole.TOOL, List.of(ContentPart.text(content)), List.of(), toolCallId, false);
	}

	/**
	 * Create the result of a tool call that failed.
	 * @param toolCallId the call it answers
	 * @param content what went wrong, for the model
	 * @return the message
	 */
	public static ChatMessage toolError(String toolCallId, String content) {
		return new ChatMessage(ChatRole.TOOL, List.of(ContentPart.text(content)), List.of(), toolCallId, true);
	}

	/**
	 * Return the text of the message, its text parts joined.
	 * @return the text, empty when there is none
	 */
	public String content() {
		return (this.parts.size() == 1 && this.parts.get(0) instanceof ContentPart.Text text) ? text.text()
				: this.parts.stream()
					.filter(ContentPart.Text.class::isInstance)
					.map((part) -> ((ContentPart.Text) part).text())
					.collect(Collectors.joining());
	}

	/**
	 * Return whether the message holds an image.
	 * @return whether any part is an image
	 */
	public boolean hasImages() {
		return this.parts.stream().anyMatch(ContentPart.Image.class::isInstance);
	}

}
