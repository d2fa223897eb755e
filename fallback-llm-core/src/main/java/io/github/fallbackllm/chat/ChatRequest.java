package io.github.fallbackllm.chat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A chat call, independent of any provider's wire format. Validated on construction so
 * that a request no provider could accept fails before it costs a network call.
 *
 * @param messages the conversation, oldest first; at least one non-system message
 * @param temperature sampling temperature between 0 and 2, or {@code null} for the
 * provider's default
 * @param maxTokens the most tokens to generate, or {@code null} for the provider's
 * default (Anthropic, which requires a value, then gets {@value #DEFAULT_MAX_TOKENS})
 * @param stop sequences that end generation
 * @author Fallback LLM contributors
 */
public record ChatRequest(List<ChatMessage> messages, @Nullable Double temperature, @Nullable Integer maxTokens,
		List<String> stop) {

	/** Output budget sent to providers that require one when the request names none. */
	public static final int DEFAULT_MAX_TOKENS = 4096;

	/** Larger than any model's output window; anything above is a caller's mistake. */
	public static final int MAX_TOKENS_LIMIT = 1_000_000;

	public ChatRequest {
		if (messages == null || messages.isEmpty()) {
			throw new InvalidChatRequestException("A chat request needs at least one message");
		}
		messages = List.copyOf(validated(messages));
		if (temperature != null && !(temperature >= 0 && temperature <= 2)) {
			throw new InvalidChatRequestException("The temperature must be between 0 and 2 (got " + temperature + ")");
		}
		if (maxTokens != null && (maxTokens < 1 || maxTokens > MAX_TOKENS_LIMIT)) {
			throw new InvalidChatRequestException("The maximum number of tokens must be between 1 and "
					+ MAX_TOKENS_LIMIT + " (got " + maxTokens + ")");
		}
		stop = (stop != null) ? List.copyOf(stop) : List.of();
	}

	/**
	 * Return what a target must support to serve this request.
	 * @return the capabilities needed beyond text
	 */
	public Set<Capability> requiredCapabilities() {
		return Set.of();
	}

	private static List<ChatMessage> validated(List<ChatMessage> messages) {
		boolean conversation = false;
		for (int i = 0; i < messages.size(); i++) {
			ChatMessage message = messages.get(i);
			if (message == null) {
				throw new InvalidChatRequestException("messages[" + i + "] is null");
			}
			conversation |= message.role() != ChatRole.SYSTEM;
		}
		if (!conversation) {
			throw new InvalidChatRequestException(
					"A chat request needs a user or assistant message, not only system ones");
		}
		return messages;
	}

	/**
	 * Create a request holding a single user message.
	 * @param userMessage the message
	 * @return the request
	 */
	public static ChatRequest of(String userMessage) {
		return builder().user(userMessage).build();
	}

	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Builder for {@link ChatRequest}.
	 */
	public static final class Builder {

		private final List<ChatMessage> messages = new ArrayList<>();

		private @Nullable Double temperature;

		private @Nullable Integer maxTokens;

		private List<String> stop = List.of();

		private Builder() {
		}

		public Builder system(String content) {
			return message(ChatMessage.system(content));
		}

		public Builder user(String content) {
			return message(ChatMessage.user(content));
		}

		public Builder assistant(String content) {
			return message(ChatMessage.assistant(content));
		}

		public Builder message(ChatMessage message) {
			this.messages.add(message);
			return this;
		}

		public Builder messages(List<ChatMessage> messages) {
			this.messages.addAll(messages);
			return this;
		}

		public Builder temperature(@Nullable Double temperature) {
			this.temperature = temperature;
			return this;
		}

		public Builder maxTokens(@Nullable Integer maxTokens) {
			this.maxTokens = maxTokens;
			return this;
		}

		public Builder stop(String... sequences) {
			this.stop = Arrays.asList(sequences);
			return this;
		}

		public Builder stop(List<String> sequences) {
			this.stop = sequences;
			return this;
		}

		public ChatRequest build() {
			return new ChatRequest(this.messages, this.temperature, this.maxTokens, this.stop);
		}

	}

}
