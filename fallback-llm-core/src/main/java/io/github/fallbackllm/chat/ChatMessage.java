package io.github.fallbackllm.chat;

/**
 * One message of a conversation.
 *
 * @param role who wrote it
 * @param content its text
 * @author Fallback LLM contributors
 */
public record ChatMessage(ChatRole role, String content) {

	public ChatMessage {
		if (role == null) {
			throw new InvalidChatRequestException("A message needs a role");
		}
		if (content == null) {
			throw new InvalidChatRequestException("A " + role.wireName() + " message needs content (got null)");
		}
	}

	public static ChatMessage system(String content) {
		return new ChatMessage(ChatRole.SYSTEM, content);
	}

	public static ChatMessage user(String content) {
		return new ChatMessage(ChatRole.USER, content);
	}

	public static ChatMessage assistant(String content) {
		return new ChatMessage(ChatRole.ASSISTANT, content);
	}

}
