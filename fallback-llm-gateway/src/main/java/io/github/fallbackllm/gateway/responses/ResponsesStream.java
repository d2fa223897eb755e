package io.github.fallbackllm.gateway.responses;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.ChatChunk;
import io.github.fallbackllm.chat.ChatStreamInterruptedException;
import io.github.fallbackllm.chat.ToolCallDelta;
import io.github.fallbackllm.gateway.ServerSentEvents;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JsonGenerator;

/**
 * Turns the chunks of one streamed answer into the Responses API's events, in the order
 * OpenAI sends them: {@code response.created} and {@code response.in_progress}; per
 * output item {@code response.output_item.added}, then for a message
 * {@code response.content_part.added}, {@code response.output_text.delta}s,
 * {@code response.output_text.done} and {@code response.content_part.done}, or for a
 * function call {@code response.function_call_arguments.delta}s and
 * {@code response.function_call_arguments.done}, then {@code response.output_item.done};
 * and last {@code response.completed} (or {@code response.incomplete}) with the usage.
 * Every event has a {@code sequence_number}; an item's {@code output_index} is its
 * position in the output, and it is announced before its first delta, as OpenAI's stream
 * accumulators require. A stream that breaks ends with {@code response.failed}, never
 * silently.
 *
 * @author Fallback LLM contributors
 */
final class ResponsesStream {

	private static final Log logger = LogFactory.getLog(ResponsesStream.class);

	private final String id;

	private final long createdAt;

	private final ResponsesRequest request;

	private final boolean stored;

	private final Function<List<OutputItem>, Mono<Void>> onCompleted;

	/** The last event of a whole answer, written once the store has it. */
	private byte @Nullable [] completion;

	private final List<OutputItem> output = new ArrayList<>();

	private final Map<Integer, Integer> toolCallItems = new HashMap<>();

	private ResponsesJson.@Nullable Head head;

	private @Nullable OpenItem open;

	private int sequenceNumber;

	private boolean finished;

	/**
	 * Create the events of one stream; use each instance for one stream only.
	 * @param id the response's identifier
	 * @param createdAt when it was created, in epoch seconds
	 * @param request the request it answers
	 * @param stored whether the response is stored for a later
	 * {@code previous_response_id}
	 * @param onCompleted receives the output once the answer is whole, for the store; the
	 * last event waits for its completion
	 */
	ResponsesStream(String id, long createdAt, ResponsesRequest request, boolean stored,
			Function<List<OutputItem>, Mono<Void>> onCompleted) {
		this.id = id;
		this.createdAt = createdAt;
		this.request = request;
		this.stored = stored;
		this.onCompleted = onCompleted;
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
			.takeUntil((events) -> this.finished)
			.concatWith(Mono.defer(this::end))
			.onErrorResume((failure) -> Mono.fromSupplier(() -> failed(new ArrayList<>(1), failure)));
	}

	/**
	 * The last event: once the answer is stored, so that a client that continues it as
	 * soon as it has read {@code response.completed} finds it, on any instance.
	 */
	private Mono<byte[]> end() {
		byte[] last = this.completion;
		if (last != null) {
			return this.onCompleted.apply(List.copyOf(this.output)).thenReturn(last);
		}
		return Mono.justOrEmpty(endedEarly());
	}

	private byte[] eventsOf(ChatChunk chunk) {
		List<byte[]> out = new ArrayList<>(4);
		try {
			if (this.head == null) {
				this.head = new ResponsesJson.Head(this.id, this.createdAt, chunk.model(), this.request, this.stored);
				ResponsesJson.State state = ResponsesJson.State.inProgress();
				event(out, "response.created", (json) -> response(json, state));
				event(out, "response.in_progress", (json) -> response(json, state));
			}
			if (!chunk.text().isEmpty()) {
				text(out, chunk.text());
			}
			for (ToolCallDelta delta : chunk.toolCalls()) {
				toolCall(out, delta);
			}
			if (chunk.isLast()) {
				if (this.output.isEmpty()) {
					openMessage(out);
				}
				close(out, (ResponsesJson.incompleteReason(chunk.finishReason()) != null) ? OutputItem.INCOMPLETE
						: OutputItem.COMPLETED);
				ResponsesJson.State state = ResponsesJson.State.finished(List.copyOf(this.output), chunk.finishReason(),
						chunk.usage());
				this.finished = true;
				List<byte[]> last = new ArrayList<>(1);
				event(last, "response." + state.status(), (json) -> response(json, state));
				this.completion = last.get(0);
			}
			return ServerSentEvents.concat(out);
		}
		catch (RuntimeException ex) {
			return failed(out, ex);
		}
	}

	private void text(List<byte[]> out, String text) {
		if (this.open == null || this.open.callId != null) {
			openMessage(out);
		}
		OpenItem message = this.open;
		message.text.append(text);
		event(out, "response.output_text.delta", (json) -> {
			json.writeStringProperty("item_id", message.id);
			json.writeNumberProperty("output_index", message.index);
			json.writeNumberProperty("content_index", 0);
			json.writeStringProperty("delta", text);
			json.writeArrayPropertyStart("logprobs");
			json.writeEndArray();
		});
	}

	private void openMessage(List<byte[]> out) {
		close(out, OutputItem.COMPLETED);
		OpenItem message = open(out, new OpenItem(OutputItem.newId("msg_"), this.output.size(), null, ""));
		event(out, "response.content_part.added", (json) -> {
			contentPartFields(json, message);
			json.writeName("part");
			ResponsesJson.textPart(json, "");
		});
	}

	private void toolCall(List<byte[]> out, ToolCallDelta delta) {
		Integer index = this.toolCallItems.get(delta.index());
		if (index == null) {
			if (delta.id() == null || delta.name() == null) {
				throw new IllegalStateException("Tool call " + delta.index() + " began without its id or name");
			}
			close(out, OutputItem.COMPLETED);
			this.toolCallItems.put(delta.index(), this.output.size());
			open(out, new OpenItem(OutputItem.newId("fc_"), this.output.size(), delta.id(), delta.name()));
		}
		else if (this.open == null || this.open.index != index) {
			throw new IllegalStateException("Tool call " + delta.index() + " continued after the next output item");
		}
		if (!delta.arguments().isEmpty()) {
			OpenItem call = this.open;
			call.text.append(delta.arguments());
			event(out, "response.function_call_arguments.delta", (json) -> {
				json.writeStringProperty("item_id", call.id);
				json.writeNumberProperty("output_index", call.index);
				json.writeStringProperty("delta", delta.arguments());
			});
		}
	}

	private OpenItem open(List<byte[]> out, OpenItem item) {
		this.open = item;
		OutputItem added = item.snapshot(OutputItem.IN_PROGRESS);
		this.output.add(added);
		event(out, "response.output_item.added", (json) -> {
			json.writeNumberProperty("output_index", item.index);
			json.writeName("item");
			ResponsesJson.item(json, added);
		});
		return item;
	}

	/** Close the open item, if any, with its done events. */
	private void close(List<byte[]> out, String status) {
		OpenItem item = this.open;
		if (item == null) {
			return;
		}
		this.open = null;
		OutputItem done = item.snapshot(status);
		this.output.set(item.index, done);
		if (done instanceof OutputItem.Message message) {
			event(out, "response.output_text.done", (json) -> {
				contentPartFields(json, item);
				json.writeStringProperty("text", message.text());
				json.writeArrayPropertyStart("logprobs");
				json.writeEndArray();
			});
			event(out, "response.content_part.done", (json) -> {
				contentPartFields(json, item);
				json.writeName("part");
				ResponsesJson.textPart(json, message.text());
			});
		}
		else if (done instanceof OutputItem.FunctionCall call) {
			event(out, "response.function_call_arguments.done", (json) -> {
				json.writeStringProperty("item_id", call.id());
				json.writeNumberProperty("output_index", item.index);
				json.writeStringProperty("name", call.name());
				json.writeStringProperty("arguments", call.arguments());
			});
		}
		event(out, "response.output_item.done", (json) -> {
			json.writeNumberProperty("output_index", item.index);
			json.writeName("item");
			ResponsesJson.item(json, done);
		});
	}

	/** A chunk stream that completes without its last chunk is a broken one. */
	private byte @Nullable [] endedEarly() {
		return this.finished ? null : failed(new ArrayList<>(1),
				new IllegalStateException("The provider's stream ended without its last chunk"));
	}

	private byte[] failed(List<byte[]> out, Throwable failure) {
		this.finished = true;
		String code;
		String message;
		if (failure instanceof ChatStreamInterruptedException interrupted) {
			code = (interrupted.getFailure() == AttemptOutcome.RATE_LIMITED
					|| interrupted.getFailure() == AttemptOutcome.QUOTA_EXCEEDED) ? "rate_limit_exceeded"
							: "server_error";
			message = interrupted.getMessage();
		}
		else {
			logger.error("Responses stream failed", failure);
			code = "server_error";
			message = "The gateway failed while streaming (" + failure.getClass().getSimpleName()
					+ "); the response is incomplete";
		}
		if (this.open != null) {
			this.output.set(this.open.index, this.open.snapshot(OutputItem.INCOMPLETE));
			this.open = null;
		}
		ResponsesJson.State state = ResponsesJson.State.failed(List.copyOf(this.output), code, message);
		event(out, "response.failed", (json) -> response(json, state));
		return ServerSentEvents.concat(out);
	}

	private void response(JsonGenerator json, ResponsesJson.State state) {
		json.writeName("response");
		ResponsesJson.response(json, this.head, state);
	}

	private static void contentPartFields(JsonGenerator json, OpenItem message) {
		json.writeStringProperty("item_id", message.id);
		json.writeNumberProperty("output_index", message.index);
		json.writeNumberProperty("content_index", 0);
	}

	private void event(List<byte[]> out, String type, Consumer<JsonGenerator> fields) {
		out.add(ResponsesJson.event(type, this.sequenceNumber++, fields));
	}

	/**
	 * The output item being streamed: a message when it has no call id, else a function
	 * call; its text or arguments so far.
	 */
	private static final class OpenItem {

		private final String id;

		private final int index;

		private final @Nullable String callId;

		private final String name;

		private final StringBuilder text = new StringBuilder();

		OpenItem(String id, int index, @Nullable String callId, String name) {
			this.id = id;
			this.index = index;
			this.callId = callId;
			this.name = name;
		}

		OutputItem snapshot(String status) {
			return (this.callId != null)
					? new OutputItem.FunctionCall(this.id, status, this.callId, this.name, this.text.toString())
					: new OutputItem.Message(this.id, status, this.text.toString());
		}

	}

}
