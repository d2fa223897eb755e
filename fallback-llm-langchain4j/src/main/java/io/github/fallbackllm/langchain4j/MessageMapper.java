package io.github.fallbackllm.langchain4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.image.Image;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.UnsupportedFeatureException;
import io.github.fallbackllm.chat.ChatMessage;
import io.github.fallbackllm.chat.ChatRole;
import io.github.fallbackllm.chat.ContentPart;
import io.github.fallbackllm.chat.ToolCall;

/**
 * Maps LangChain4j's messages to the chain's: system text, user text and images, AI text
 * and tool execution requests, tool execution results. Tool-call ids pass unchanged, so
 * that a tool loop started on one provider can finish on another.
 *
 * @author Fallback LLM contributors
 */
final class MessageMapper {

	private MessageMapper() {
	}

	static List<ChatMessage> toMessages(List<dev.langchain4j.data.message.ChatMessage> messages) {
		List<ChatMessage> mapped = new ArrayList<>(messages.size());
		for (dev.langchain4j.data.message.ChatMessage message : messages) {
			mapped.add(toMessage(message));
		}
		return mapped;
	}

	private static ChatMessage toMessage(dev.langchain4j.data.message.ChatMessage message) {
		if (message instanceof SystemMessage system) {
			return ChatMessage.system(system.text());
		}
		if (message instanceof UserMessage user) {
			return new ChatMessage(ChatRole.USER, user.contents().stream().map(MessageMapper::part).toList(), List.of(),
					null, false);
		}
		if (message instanceof AiMessage ai) {
			String text = Objects.requireNonNullElse(ai.text(), "");
			return ai.hasToolExecutionRequests()
					? ChatMessage.assistant(text,
							ai.toolExecutionRequests().stream().map(MessageMapper::toolCall).toList())
					: ChatMessage.assistant(text);
		}
		if (message instanceof ToolExecutionResultMessage result) {
			String text = toolResultText(result);
			return Boolean.TRUE.equals(result.isError()) ? ChatMessage.toolError(result.id(), text)
					: ChatMessage.toolResult(result.id(), text);
		}
		throw new UnsupportedFeatureException(message.type()
				+ " messages are not supported by the fallback chain: its providers cannot all read them");
	}

	private static ContentPart part(Content content) {
		if (content instanceof TextContent text) {
			return ContentPart.text(text.text());
		}
		if (content instanceof ImageContent image) {
			return image(image.image());
		}
		throw new UnsupportedFeatureException("The fallback chain takes text and images in user messages, not "
				+ content.type() + " content: its providers cannot all read it");
	}

	/** An image by URL or inline; the chain checks its media type. */
	private static ContentPart image(Image image) {
		if (image.url() != null) {
			return ContentPart.imageUrl(image.url().toString());
		}
		return new ContentPart.Image(null, image.mimeType(), image.base64Data());
	}

	private static ToolCall toolCall(ToolExecutionRequest request) {
		return new ToolCall(request.id(), request.name(), request.arguments());
	}

	private static String toolResultText(ToolExecutionResultMessage result) {
		StringBuilder text = new StringBuilder();
		for (Content content : result.contents()) {
			if (!(content instanceof TextContent part)) {
				throw new UnsupportedFeatureException("The fallback chain takes text tool results only, not "
						+ content.type() + " content (tool '" + result.toolName() + "')");
			}
			text.append(part.text());
		}
		return text.toString();
	}

}
