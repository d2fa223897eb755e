package io.github.fallbackllm.gateway.messages;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.fallbackllm.chat.ChatChunk;
import io.github.fallbackllm.chat.ChatStreamInterruptedException;
import io.github.fallbackllm.chat.ToolCallDelta;
import io.github.fallbackllm.gateway.ServerSentEvents;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Turns the chunks of one streamed answer, from whichever wire format the answering
 * provider speaks, into Anthropic's event sequence: {@code message_start}; per content
 * block {@code content_block_start}, {@code content_block_delta}s ({@code text_delta} or
 * {@code input_json_delta}) and {@code content_block_stop}; then {@code message_delta}
 * with the stop reason and usage, and {@code message_stop}. One block is open at a time,
 * as Anthropic streams them: text opens a text block, the first piece of a tool call a
 * {@code tool_use} block with the call's id and name, and each new block closes the one
 * before. A stream that breaks ends with an {@code error} event instead of
 * {@code message_stop}, so a client never mistakes a cut answer for a complete one.
 *
 * @author Fallback LLM contributors
 */
final class MessagesStream {

	private static final Log logger = LogFactory.getLog(MessagesStream.class);

	private final String id;

	private boolean started;

	private boolean stopped;

	/** The index of the open block, or -1. */
	private int openBlock = -1;

	private boolean textOpen;

	private int blocks;

	/** The block index of each tool call, by the call's index in the answer. */
	private final Map<Integer, Integer> toolBlocks = new HashMap<>();

	/**
	 * Create the events of one stream; use each instance for one stream only.
	 * @param id the message's identifier
	 */
	MessagesStream(String id) {
		this.id = id;
	}

	/**
	 * Return the events of a stream: the events of each chunk in one array. {@code map}
	 * has no queue, so a provider error that arrives before the client asks for more
	 * cannot overtake chunks that arrived before it, as it would through a flattening
	 * operator, which clears its queue on an error.
	 * @param chunks the chunks
	 * @return the events, each with its blank line, in UTF-8
	 */
	Flux<byte[]> events(Flux<ChatChunk> chunks) {
		return chunks.map(this::eventsOf)
			.concatWith(Mono.defer(() -> this.stopped ? Mono.empty()
					: Mono.just(errorEvent(new IllegalStateException("The stream ended without its last chunk")))))
			.onErrorResume((failure) -> Mono.just(errorEvent(failure)));
	}

	private byte[] eventsOf(ChatChunk chunk) {
		List<byte[]> events = new ArrayList<>(4);
		if (!this.started) {
			this.started = true;
			events.add(MessagesJson.messageStart(this.id, chunk.model()));
		}
		if (!chunk.text().isEmpty()) {
			if (!this.textOpen) {
				events.add(MessagesJson.textBlockStart(openBlock(events)));
				this.textOpen = true;
			}
			events.add(MessagesJson.textDelta(this.openBlock, chunk.text()));
		}
		for (ToolCallDelta delta : chunk.toolCalls()) {
			toolCall(delta, events);
		}
		if (chunk.finishReason() != null) {
			closeBlock(events);
			this.stopped = true;
			events.add(MessagesJson.messageDelta(chunk.finishReason(), chunk.usage()));
			events.add(MessagesJson.messageStop());
		}
		return ServerSentEvents.concat(events);
	}

	/**
	 * A call's first piece opens its block; a later piece of a call whose block is no
	 * longer open, which a provider that interleaves calls could send, still goes to the
	 * call's own block, as clients add deltas to blocks by index.
	 */
	private void toolCall(ToolCallDelta delta, List<byte[]> events) {
		Integer index = this.toolBlocks.get(delta.index());
		if (index == null) {
			index = openBlock(events);
			this.toolBlocks.put(delta.index(), index);
			events.add(MessagesJson.toolUseBlockStart(index, (delta.id() != null) ? delta.id() : "",
					(delta.name() != null) ? delta.name() : ""));
		}
		if (!delta.arguments().isEmpty()) {
			events.add(MessagesJson.inputJsonDelta(index, delta.arguments()));
		}
	}

	private int openBlock(List<byte[]> events) {
		closeBlock(events);
		this.openBlock = this.blocks++;
		return this.openBlock;
	}

	private void closeBlock(List<byte[]> events) {
		if (this.openBlock >= 0) {
			events.add(MessagesJson.blockStop(this.openBlock));
			this.openBlock = -1;
			this.textOpen = false;
		}
	}

	private static byte[] errorEvent(Throwable failure) {
		if (failure instanceof ChatStreamInterruptedException interrupted) {
			return MessagesJson.errorEvent(MessagesErrors.streamErrorType(interrupted.getFailure()),
					interrupted.getMessage());
		}
		logger.error("Messages stream failed", failure);
		return MessagesJson.errorEvent("api_error", "The gateway failed while streaming ("
				+ failure.getClass().getSimpleName() + "); the answer is incomplete");
	}

}
