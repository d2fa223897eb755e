package io.github.fallbackllm.springai;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.github.fallbackllm.chat.ChatMessage;
import io.github.fallbackllm.chat.ContentPart;
import io.github.fallbackllm.chat.InvalidChatRequestException;
import io.github.fallbackllm.chat.ToolCall;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.content.Media;

/**
 * Maps Spring AI's messages to the chain's: user text and images, assistant text and tool
 * calls, and one tool message per tool response. Tool-call ids pass unchanged.
 *
 * @author Fallback LLM contributors
 */
final class MessageMapper {

	private MessageMapper() {
	}

	static List<ChatMessage> toMessages(List<Message> messages) {
		List<ChatMessage> mapped = new ArrayList<>(messages.size());
		for (Message message : messages) {
			String text = Objects.requireNonNullElse(message.getText(), "");
			switch (message.getMessageType()) {
				case SYSTEM -> mapped.add(ChatMessage.system(text));
				case USER -> mapped.add(user(text, ((UserMessage) message).getMedia()));
				case ASSISTANT -> mapped.add(assistant(text, (AssistantMessage) message));
				case TOOL -> ((ToolResponseMessage) message).getResponses()
					.forEach((response) -> mapped.add(ChatMessage.toolResult(response.id(), response.responseData())));
			}
		}
		return mapped;
	}

	private static ChatMessage user(String text, List<Media> media) {
		if (media.isEmpty()) {
			return ChatMessage.user(text);
		}
		return ChatMessage.user(text, media.stream().map(MessageMapper::image).toArray(ContentPart[]::new));
	}

	/** An image by URL or inline, as Spring AI's own models accept it. */
	private static ContentPart image(Media media) {
		String mediaType = media.getMimeType().toString();
		if (!"image".equals(media.getMimeType().getType())) {
			throw new InvalidChatRequestException(
					"The fallback chat model takes images only, not " + mediaType + " media (" + media.getName() + ")");
		}
		Object data = media.getData();
		if (data instanceof byte[] bytes) {
			return ContentPart.image(mediaType, bytes);
		}
		if (data instanceof URI || data instanceof String) {
			return ContentPart.imageUrl(data.toString());
		}
		throw new InvalidChatRequestException("Image media holds neither bytes nor a URL ("
				+ data.getClass().getSimpleName() + ", " + media.getName() + ")");
	}

	private static ChatMessage assistant(String text, AssistantMessage message) {
		if (!message.hasToolCalls()) {
			return ChatMessage.assistant(text);
		}
		return ChatMessage.assistant(text,
				message.getToolCalls()
					.stream()
					.map((call) -> new ToolCall(call.id(), call.name(), call.arguments()))
					.toList());
	}

}
