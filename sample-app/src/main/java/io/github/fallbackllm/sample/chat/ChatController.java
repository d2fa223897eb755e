package io.github.fallbackllm.sample.chat;

import io.github.fallbackllm.FallbackChatService;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.InvalidChatRequestException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /chat} with {@code {"message": "..."}}: answers with the text, who answered
 * and every attempt of the call. Failures come in the same error envelope as the
 * gateway's.
 *
 * @author Fallback LLM contributors
 */
@RestController
class ChatController {

	private final FallbackChatService chatService;

	ChatController(FallbackChatService chatService) {
		this.chatService = chatService;
	}

	@PostMapping("/chat")
	Mono<ChatReply> chat(@RequestBody Message body) {
		String message = body.message();
		if (message == null || message.isBlank()) {
			throw new InvalidChatRequestException("message is missing or blank; send {\"message\": \"Hello\"}");
		}
		return this.chatService.chatAsync(ChatRequest.of(message)).map(ChatReply::of);
	}

	/**
	 * The body of {@code POST /chat}.
	 *
	 * @param message the user's message
	 */
	record Message(@Nullable String message) {
	}

}
