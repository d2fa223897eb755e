package io.github.fallbackllm.gateway.messages;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.ChatChunk;
import io.github.fallbackllm.chat.ChatStreamInterruptedException;
import io.github.fallbackllm.chat.FinishReason;
import io.github.fallbackllm.chat.TokenUsage;
import io.github.fallbackllm.chat.ToolCallDelta;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden tests of the event order of {@link MessagesStream}.
 *
 * @author Fallback LLM contributors
 */
class MessagesStreamTests {

	@Test
	void aTextAnswerStreamsInAnthropicsEventOrder() {
		Flux<ChatChunk> chunks = Flux.just(ChatChunk.text("Hel", "secondary", "gpt-4o"),
				ChatChunk.text("lo", "secondary", "gpt-4o"),
				ChatChunk.last("secondary", "gpt-4o", FinishReason.STOP, new TokenUsage(12, 3)));

		assertThat(events(chunks)).isEqualTo(
				"""
						event: message_start
						data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"gpt-4o","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":0,"output_tokens":0}}}

						event: content_block_start
						data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

						event: content_block_delta
						data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hel"}}

						event: content_block_delta
						data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"lo"}}

						event: content_block_stop
						data: {"type":"content_block_stop","index":0}

						event: message_delta
						data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"input_tokens":12,"output_tokens":3}}

						event: message_stop
						data: {"type":"message_stop"}

						""");
	}

	@Test
	void textThenToolCallsStreamAsOneBlockEachWithTheirIdsAndInputFragments() {
		Flux<ChatChunk> chunks = Flux.just(ChatChunk.text("Checking.", "secondary", "gpt-4o"),
				ChatChunk.toolCalls(List.of(new ToolCallDelta(0, "call_a", "weather", "")), "secondary", "gpt-4o"),
				ChatChunk.toolCalls(List.of(new ToolCallDelta(0, null, null, "{\"city\":")), "secondary", "gpt-4o"),
				ChatChunk.toolCalls(List.of(new ToolCallDelta(0, null, null, "\"Paris\"}")), "secondary", "gpt-4o"),
				ChatChunk.toolCalls(List.of(new ToolCallDelta(1, "call_b", "clock", "{}")), "secondary", "gpt-4o"),
				ChatChunk.last("secondary", "gpt-4o", FinishReason.TOOL_CALLS, null));

		assertThat(events(chunks)).isEqualTo(
				"""
						event: message_start
						data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"gpt-4o","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":0,"output_tokens":0}}}

						event: content_block_start
						data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

						event: content_block_delta
						data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Checking."}}

						event: content_block_stop
						data: {"type":"content_block_stop","index":0}

						event: content_block_start
						data: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"call_a","name":"weather","input":{}}}

						event: content_block_delta
						data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\\"city\\":"}}

						event: content_block_delta
						data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"\\"Paris\\"}"}}

						event: content_block_stop
						data: {"type":"content_block_stop","index":1}

						event: content_block_start
						data: {"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"call_b","name":"clock","input":{}}}

						event: content_block_delta
						data: {"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{}"}}

						event: content_block_stop
						data: {"type":"content_block_stop","index":2}

						event: message_delta
						data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"input_tokens":0,"output_tokens":0}}

						event: message_stop
						data: {"type":"message_stop"}

						""");
	}

	@Test
	void anAnswerCutByItsTokenLimitBeforeAnyTextHasNoBlocks() {
		assertThat(events(Flux.just(ChatChunk.last("secondary", "gpt-4o", FinishReason.LENGTH, null))))
			.containsSubsequence("event: message_start", "\"stop_reason\":\"max_tokens\"", "event: message_stop")
			.doesNotContain("content_block");
	}

	@Test
	void aStreamBrokenAfterItsFirstDeltaEndsWithAnErrorEventAfterTheText() {
		Flux<ChatChunk> chunks = Flux.concat(Flux.just(ChatChunk.text("Hel", "secondary", "gpt-4o")),
				Flux.error(interrupted(AttemptOutcome.SERVER_ERROR)));

		String events = events(chunks);

		assertThat(events).containsSubsequence("event: message_start", "event: content_block_start", "\"text\":\"Hel\"",
				"event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\"");
		assertThat(events).doesNotContain("message_stop").doesNotContain("content_block_stop");
		assertThat(events).contains("broke after 1 chunks");
	}

	@Test
	void aStreamBrokenByARateLimitSaysSo() {
		Flux<ChatChunk> chunks = Flux.concat(Flux.just(ChatChunk.text("Hel", "secondary", "gpt-4o")),
				Flux.error(interrupted(AttemptOutcome.RATE_LIMITED)));

		assertThat(events(chunks)).contains("\"error\":{\"type\":\"rate_limit_error\"");
	}

	@Test
	void aStreamThatEndsWithoutItsLastChunkEndsWithAnErrorEvent() {
		assertThat(events(Flux.just(ChatChunk.text("Hel", "secondary", "gpt-4o"))))
			.endsWith("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\","
					+ "\"message\":\"The gateway failed while streaming (IllegalStateException); "
					+ "the answer is incomplete\"}}\n\n");
	}

	@Test
	void everyChunkThatArrivedBeforeTheBreakIsWrittenWhenTheClientAsksOnlyAfterTheBreak() {
		MessagesStream stream = new MessagesStream("msg_1");
		Sinks.Many<ChatChunk> provider = Sinks.many().unicast().onBackpressureBuffer();

		// The whole broken stream arrives before the client asks for its first event.
		StepVerifier.create(stream.events(provider.asFlux()).map(MessagesStreamTests::text), 0).then(() -> {
			provider.tryEmitNext(ChatChunk.text("Hel", "secondary", "m"));
			provider.tryEmitNext(ChatChunk.text("lo", "secondary", "m"));
			provider.tryEmitError(interrupted(AttemptOutcome.NETWORK_ERROR));
		})
			.thenRequest(1)
			.assertNext((first) -> assertThat(first).contains("message_start").contains("\"text\":\"Hel\""))
			.thenRequest(1)
			.assertNext((text) -> assertThat(text).contains("\"text\":\"lo\""))
			.thenRequest(1)
			.assertNext((error) -> assertThat(error).startsWith("event: error\n").contains("\"api_error\""))
			.thenRequest(1)
			.verifyComplete();
	}

	private static ChatStreamInterruptedException interrupted(AttemptOutcome failure) {
		return new ChatStreamInterruptedException("secondary/gpt-4o", failure, "", 1, 3, List.of(),
				new IllegalStateException("cut"));
	}

	private static String events(Flux<ChatChunk> chunks) {
		return String.join("",
				new MessagesStream("msg_1").events(chunks).map(MessagesStreamTests::text).collectList().block());
	}

	private static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

}
