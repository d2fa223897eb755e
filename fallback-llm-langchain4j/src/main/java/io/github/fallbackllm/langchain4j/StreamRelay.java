package io.github.fallbackllm.langchain4j;

import java.util.ArrayList;
import java.util.List;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.PartialToolCallContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import io.github.fallbackllm.chat.ChatChunk;
import io.github.fallbackllm.chat.ToolCall;
import io.github.fallbackllm.chat.ToolCallDelta;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Relays the chunks of one stream of the chain to a LangChain4j handler, in LangChain4j's
 * order: partial responses and partial tool calls as they come, each complete tool call
 * once the next one starts or the stream ends, then the complete response. Exactly one of
 * {@code onCompleteResponse} and {@code onError} ends it, unless the handler cancels it.
 * <p>
 * Chunks are handed over on a thread that may block, since handlers run tools and
 * blocking code; chunks arrive on an HTTP event loop, which must not block.
 *
 * @author Fallback LLM contributors
 */
final class StreamRelay extends BaseSubscriber<ChatChunk> implements StreamingHandle {

	private static final Log logger = LogFactory.getLog(StreamRelay.class);

	private final StreamingChatResponseHandler handler;

	private final StringBuilder text = new StringBuilder();

	private final List<ToolExecutionRequest> toolRequests = new ArrayList<>();

	/** The tool call being streamed; {@code null} before the first and after the last. */
	private @Nullable OpenToolCall openToolCall;

	private volatile boolean cancelled;

	private boolean ended;

	private StreamRelay(StreamingChatResponseHandler handler) {
		this.handler = handler;
	}

	static void relay(Flux<ChatChunk> chunks, StreamingChatResponseHandler handler) {
		chunks.publishOn(Schedulers.boundedElastic()).subscribe(new StreamRelay(handler));
	}

	@Override
	protected void hookOnNext(ChatChunk chunk) {
		if (this.cancelled || this.ended) {
			return;
		}
		try {
			if (!chunk.text().isEmpty()) {
				this.text.append(chunk.text());
				this.handler.onPartialResponse(new PartialResponse(chunk.text()), new PartialResponseContext(this));
			}
			for (ToolCallDelta delta : chunk.toolCalls()) {
				onToolCallDelta(delta);
			}
			if (chunk.isLast()) {
				completeToolCall();
				this.ended = true;
				this.handler.onCompleteResponse(ResponseMapper.response(this.text.toString(), this.toolRequests,
						chunk.finishReason(), chunk.usage(), chunk.provider(), chunk.model(), chunk.attempts()));
			}
		}
		catch (RuntimeException ex) {
			// The handler threw, or a tool call is malformed: the stream ends here.
			dispose();
			fail(ex);
		}
	}

	@Override
	protected void hookOnError(Throwable failure) {
		if (!this.cancelled && !this.ended) {
			fail(Failures.toLangChain4j(failure));
		}
	}

	/**
	 * The chain ends each stream with a last chunk; a handler must never wait forever.
	 */
	@Override
	protected void hookOnComplete() {
		if (!this.cancelled && !this.ended) {
			fail(new IllegalStateException("Stream of the fallback chain completed without its last chunk"));
		}
	}

	@Override
	protected void hookOnCancel() {
		this.cancelled = true;
	}

	@Override
	public boolean isCancelled() {
		return this.cancelled;
	}

	private void onToolCallDelta(ToolCallDelta delta) {
		if (this.openToolCall == null || this.openToolCall.index != delta.index()) {
			completeToolCall();
			this.openToolCall = new OpenToolCall(delta.index());
		}
		OpenToolCall call = this.openToolCall;
		if (delta.id() != null) {
			call.id = delta.id();
		}
		if (delta.name() != null) {
			call.name = delta.name();
		}
		if (!delta.arguments().isEmpty()) {
			call.arguments.append(delta.arguments());
			this.handler.onPartialToolCall(PartialToolCall.builder()
				.index(call.index)
				.id(call.id)
				.name(call.name)
				.partialArguments(delta.arguments())
				.build(), new PartialToolCallContext(this));
		}
	}

	private void completeToolCall() {
		OpenToolCall call = this.openToolCall;
		if (call == null) {
			return;
		}
		this.openToolCall = null;
		ToolExecutionRequest request = ResponseMapper
			.toolRequest(new ToolCall(call.id, call.name, call.arguments.toString()));
		this.toolRequests.add(request);
		this.handler.onCompleteToolCall(new CompleteToolCall(call.index, request));
	}

	private void fail(Throwable failure) {
		this.ended = true;
		try {
			this.handler.onError(failure);
		}
		catch (RuntimeException ex) {
			logger.warn("The streaming handler's onError threw; ignored", ex);
		}
	}

	/** A tool call whose pieces are still arriving. */
	private static final class OpenToolCall {

		private final int index;

		private @Nullable String id;

		private @Nullable String name;

		private final StringBuilder arguments = new StringBuilder();

		private OpenToolCall(int index) {
			this.index = index;
		}

	}

}
