package io.github.fallbackllm.provider.bedrock;

import java.time.Duration;
import java.util.List;

import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.ChatChunk;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.FinishReason;
import io.github.fallbackllm.chat.ToolCallDelta;
import io.github.fallbackllm.provider.LlmProvider;
import io.github.fallbackllm.provider.ProviderException;
import io.github.fallbackllm.testsupport.ScriptedServer;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ConverseStream over a real connection: frames encoded with the SDK's codec, written in
 * pieces that cut frames anywhere, each piece flushed on its own.
 */
class BedrockStreamTests {

	private static final String MODEL = BedrockLlmProviderTests.MODEL;

	@Test
	void streamsTextThenTheStopReasonAndUsage() {
		byte[] frames = BedrockFrames.stream().start().text("Hel").text("lo").end("end_turn").bytes();
		try (ScriptedServer server = serving(frames, 5)) {
			List<ChatChunk> chunks = provider(server).stream(MODEL, ChatRequest.of("Hi"))
				.collectList()
				.block(Duration.ofSeconds(10));

			assertThat(chunks).extracting(ChatChunk::text).containsExactly("Hel", "lo", "");
			ChatChunk last = chunks.get(2);
			assertThat(last.isLast()).isTrue();
			assertThat(last.finishReason()).isEqualTo(FinishReason.STOP);
			assertThat(last.usage().promptTokens()).isEqualTo(12);
			assertThat(last.usage().completionTokens()).isEqualTo(3);
		}
	}

	@Test
	void streamsToolCalls() {
		byte[] frames = BedrockFrames.stream()
			.start()
			.event("contentBlockStart",
					"{\"contentBlockIndex\":1,\"start\":{\"toolUse\":{\"toolUseId\":\"t1\",\"name\":\"lookup\"}}}")
			.event("contentBlockDelta", "{\"contentBlockIndex\":1,\"delta\":{\"toolUse\":{\"input\":\"{\\\"q\\\":\"}}}")
			.event("contentBlockDelta", "{\"contentBlockIndex\":1,\"delta\":{\"toolUse\":{\"input\":\"\\\"x\\\"}\"}}}")
			.end("tool_use")
			.bytes();
		try (ScriptedServer server = serving(frames, 64)) {
			List<ChatChunk> chunks = provider(server).stream(MODEL, ChatRequest.of("Hi"))
				.collectList()
				.block(Duration.ofSeconds(10));

			assertThat(chunks).flatExtracting(ChatChunk::toolCalls)
				.containsExactly(new ToolCallDelta(0, "t1", "lookup", ""), new ToolCallDelta(0, null, null, "{\"q\":"),
						new ToolCallDelta(0, null, null, "\"x\"}"));
			assertThat(chunks.get(chunks.size() - 1).finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
		}
	}

	@Test
	void anExceptionFrameBeforeAnyTextIsClassifiedLikeTheHttpError() {
		byte[] frames = BedrockFrames.stream().start().exception("throttlingException", "Too many tokens").bytes();
		try (ScriptedServer server = serving(frames, 7)) {
			StepVerifier.create(provider(server).stream(MODEL, ChatRequest.of("Hi"))).expectErrorSatisfies((ex) -> {
				assertThat(((ProviderException) ex).getOutcome()).isEqualTo(AttemptOutcome.RATE_LIMITED);
				assertThat(ex).hasMessageContaining("Too many tokens");
			}).verify(Duration.ofSeconds(10));
		}
	}

	@Test
	void anExceptionFrameAfterTheFirstTextEndsTheStreamAfterThatText() {
		byte[] frames = BedrockFrames.stream()
			.start()
			.text("Hel")
			.exception("modelStreamErrorException", "Model stream failed")
			.bytes();
		try (ScriptedServer server = serving(frames, 3)) {
			StepVerifier.create(provider(server).stream(MODEL, ChatRequest.of("Hi")))
				.assertNext((chunk) -> assertThat(chunk.text()).isEqualTo("Hel"))
				.expectErrorSatisfies((ex) -> assertThat(((ProviderException) ex).getOutcome())
					.isEqualTo(AttemptOutcome.SERVER_ERROR))
				.verify(Duration.ofSeconds(10));
		}
	}

	static ScriptedServer serving(byte[] frames, int pieceSize) {
		return ScriptedServer
			.start((request, response) -> response.header("Content-Type", "application/vnd.amazon.eventstream")
				.send(Flux.fromIterable(EventStreamFramingTests.pieces(frames, pieceSize))
					.map((buffer) -> Unpooled.wrappedBuffer(buffer.asByteBuffer())), (buffer) -> true)
				.then());
	}

	private static LlmProvider provider(ScriptedServer server) {
		return BedrockLlmProviderTests.signed(server.baseUrl());
	}

}
