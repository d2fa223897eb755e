package io.github.fallbackllm.chat;

/**
 * Thrown when a {@link ChatRequest} cannot be sent to any provider as it stands. Raised
 * before any network call, so no provider is charged for it.
 *
 * @author Fallback LLM contributors
 */
public class InvalidChatRequestException extends IllegalArgumentException {

	public InvalidChatRequestException(String message) {
		super(message);
	}

}
