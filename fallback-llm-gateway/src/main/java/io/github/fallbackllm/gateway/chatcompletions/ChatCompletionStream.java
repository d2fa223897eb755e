package io.github.fallbackllm.gateway.chatcompletions;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.github.fallbackllm.chat.ChatChunk;
import io.github.fallbackllm.chat.ChatStreamInterruptedException;
import io.github.fallbackllm.chat.TokenUsage;
import io.github.fallbackllm.gateway.ServerSentEvents;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Turns the chunks of one streamed answer into OpenAI's server-sent events: a first chunk
 * with the role, one chunk per text delta or group of tool-call pieces, a closing chunk
 * with the finish reason, the usage chunk when asked for, then {@code data: [DONE]}. A
 * stream that breaks ends with an OpenAI error event instead of {@code [DONE]}, so a
 * client never mistakes a cut answer for a complete one.
 *
 * @author Fallback LLM contributors
 */
final class ChatCompletionStream {

	static final byte[] DONE = event("[DONE]".getBytes(StandardCharsets.UTF_8));

	private static final Log logger = LogFactory.getLog(ChatCompletionStream.class);

	private final String id;

	private final long created;

	private final boolean includeUsage;

	private boolean started;

	/**
	 * Create the events of one stream; use each instance for one stream only.
	 * @param id the completion's identifier
	 * @param created when it was created, in epoch seconds
	 * @param includeUsage whether the client asked for the usage chunk
	 */
	ChatCompletionStream(String id, long created, boolean includeUsage) {
		this.id = id;
		this.created = created;
		this.includeUsage = includeUsage;
	}

	/**
	 * Return the events of a stream whose first chunk has arrived: the events of each
	 * chunk in one array. {@code map} has no queue, so a provider error that arrives
	 * before the client asks for more cannot overtake chunks that arrived before it, as
	 * it would through a flattening operator, which clears its queue on an error.
	 * @param chunks the chunks, the first one included
	 * @return the events, each with its blank line, in UTF-8
	 */
	Flux<byte[]> events(Flux<ChatChunk> chunks) {
		return chunks.map(this::eventsOf)
			.concatWith(Mono.just(DONE))
			.onErrorResume((failure) -> Mono.just(errorEvent(failure)));
	}

	private byte[] eventsOf(ChatChunk chunk) {
		List<byte[]> events = new ArrayList<>(3);
		if (!this.started) {
			this.started = true;
			events.add(chunk(chunk, "assistant", ""));
		}
		if (!chunk.text().isEmpty()) {
			events.add(chunk(chunk, null, chunk.text()));
		}
		if (!chunk.toolCalls().isEmpty()) {
			events.add(event(ChatCompletionJson.toolCallChunk(this.id, this.created, chunk.model(), chunk.toolCalls(),
					this.includeUsage)));
		}
		if (chunk.isLast()) {
			events.add(event(ChatCompletionJson.chunk(this.id, this.created, chunk.model(), null, null,
					chunk.finishReason(), this.includeUsage)));
			TokenUsage usage = chunk.usage();
			if (this.includeUsage && usage != null) {
				events.add(event(ChatCompletionJson.usageChunk(this.id, this.created, chunk.model(), usage)));
			}
		}
		return ServerSentEvents.concat(events);
	}

	private byte[] chunk(ChatChunk chunk, @Nullable String role, String content) {
		return event(
				ChatCompletionJson.chunk(this.id, this.created, chunk.model(), role, content, null, this.includeUsage));
	}

	private static byte[] errorEvent(Throwable failure) {
		if (failure instanceof ChatStreamInterruptedException interrupted) {
			return event(ChatCompletionJson.error(interrupted.getMessage(), "stream_interrupted",
					interrupted.getAttempts()));
		}
		logger.error("Chat completion stream failed", failure);
		return event(ChatCompletionJson.error("The gateway failed while streaming ("
				+ failure.getClass().getSimpleName() + "); the answer is incomplete", "server_error", List.of()));
	}

	private static byte[] event(byte[] data) {
		return ServerSentEvents.data(data);
	}

}
