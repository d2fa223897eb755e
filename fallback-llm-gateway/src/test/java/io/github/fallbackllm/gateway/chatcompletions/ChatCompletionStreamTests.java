package io.github.fallbackllm.gateway.chatcompletions;

import java.nio.charset.StandardCharsets;

import io.github.fallbackllm.chat.ChatChunk;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Server-sent events of one streamed answer.
 *
 * @author Fallback LLM contributors
 */
class ChatCompletionStreamTests {

	@Test
	void aStreamThatBreaksKeepsEveryEventBeforeItsErrorEventForASlowClient() {
		ChatCompletionStream stream = new ChatCompletionStream("chatcmpl-1", 1L, false);
		Flux<ChatChunk> chunks = Flux.concat(
				Flux.just(ChatChunk.text("Hel", "secondary", "m"), ChatChunk.text("lo", "secondary", "m")),
				Flux.error(new IllegalStateException("connection reset")));

		// One event at a time, as a client on a slow network reads them.
		StepVerifier.create(text(stream.events(chunks)), 1)
			.assertNext((first) -> assertThat(first).contains("\"role\":\"assistant\"").contains("\"content\":\"Hel\""))
			.thenRequest(1)
			.assertNext((text) -> assertThat(text).contains("\"content\":\"lo\""))
			.thenRequest(1)
			.assertNext((error) -> assertThat(error).contains("\"error\""))
			.thenRequest(1)
			.verifyComplete();
	}

	@Test
	void everyChunkThatArrivedBeforeTheBreakIsWrittenWhenTheClientAsksOnlyAfterTheBreak() {
		ChatCompletionStream stream = new ChatCompletionStream("chatcmpl-1", 1L, false);
		Sinks.Many<ChatChunk> provider = Sinks.many().unicast().onBackpressureBuffer();

		// The whole broken stream arrives before the client asks for its first event.
		StepVerifier.create(text(stream.events(provider.asFlux())), 0).then(() -> {
			provider.tryEmitNext(ChatChunk.text("Hel", "secondary", "m"));
			provider.tryEmitNext(ChatChunk.text("lo", "secondary", "m"));
			provider.tryEmitError(new IllegalStateException("connection reset"));
		})
			.thenRequest(1)
			.assertNext((first) -> assertThat(first).contains("\"content\":\"Hel\""))
			.thenRequest(1)
			.assertNext((text) -> assertThat(text).contains("\"content\":\"lo\""))
			.thenRequest(1)
			.assertNext((error) -> assertThat(error).contains("\"error\""))
			.thenRequest(1)
			.verifyComplete();
	}

	private static Flux<String> text(Flux<byte[]> events) {
		return events.map((event) -> new String(event, StandardCharsets.UTF_8));
	}

}
