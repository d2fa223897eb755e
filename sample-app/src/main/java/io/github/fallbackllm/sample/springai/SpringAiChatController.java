package io.github.fallbackllm.sample.springai;

import java.util.List;

import io.github.fallbackllm.chat.AllProvidersFailedException;
import io.github.fallbackllm.chat.Attempt;
import io.github.fallbackllm.chat.InvalidChatRequestException;
import io.github.fallbackllm.sample.chat.AttemptView;
import io.github.fallbackllm.sample.chat.ChatReply;
import io.github.fallbackllm.springai.FallbackChatModel;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.retry.NonTransientAiException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /spring-ai/chat} with {@code {"message": "..."}}: plain {@link ChatClient}
 * code, answered by whichever target of the fallback chain could; the reply and the
 * errors are those of {@code POST /chat}.
 *
 * @author Fallback LLM contributors
 */
@RestController
class SpringAiChatController {

	private final ChatClient chatClient;

	SpringAiChatController(ChatClient.Builder chatClientBuilder) {
		this.chatClient = chatClientBuilder.defaultSystem("Answer briefly.").build();
	}

	@PostMapping("/spring-ai/chat")
	Mono<ChatReply> chat(@RequestBody Message body) {
		String message = body.message();
		if (message == null || message.isBlank()) {
			throw new InvalidChatRequestException("message is missing or blank; send {\"message\": \"Hello\"}");
		}
		// ChatClient's call() blocks: keep it off the event loop.
		return Mono.fromCallable(() -> this.chatClient.prompt().user(message).call().chatResponse())
			.subscribeOn(Schedulers.boundedElastic())
			.map(SpringAiChatController::reply)
			.onErrorMap(NonTransientAiException.class, SpringAiChatController::chainFailure);
	}

	private static ChatReply reply(@Nullable ChatResponse response) {
		if (response == null) {
			throw new IllegalStateException("ChatClient returned no response");
		}
		List<Attempt> attempts = response.getMetadata().get(FallbackChatModel.ATTEMPTS_METADATA_KEY);
		return new ChatReply(response.getResult().getOutput().getText(),
				response.getMetadata().get(FallbackChatModel.PROVIDER_METADATA_KEY), response.getMetadata().getModel(),
				AttemptView.of(attempts));
	}

	/** The chain's own exception, which Spring AI's wraps, so that it maps to a 503. */
	private static Throwable chainFailure(NonTransientAiException ex) {
		return (ex.getCause() instanceof AllProvidersFailedException failed) ? failed : ex;
	}

	/**
	 * The body of {@code POST /spring-ai/chat}.
	 *
	 * @param message the user's message
	 */
	record Message(@Nullable String message) {
	}

}
