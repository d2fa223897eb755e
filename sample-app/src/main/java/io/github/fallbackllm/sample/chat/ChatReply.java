package io.github.fallbackllm.sample.chat;

import java.util.List;

import io.github.fallbackllm.chat.ChatResponse;

/**
 * The answer of {@code POST /chat}.
 *
 * @param content the answer's text
 * @param provider the provider that answered
 * @param model the model that answered
 * @param attempts every target the call tried or skipped, in order
 * @author Fallback LLM contributors
 */
public record ChatReply(String content, String provider, String model, List<AttemptView> attempts) {

	static ChatReply of(ChatResponse response) {
		return new ChatReply(response.content(), response.provider(), response.model(),
				AttemptView.of(response.attempts()));
	}

}
