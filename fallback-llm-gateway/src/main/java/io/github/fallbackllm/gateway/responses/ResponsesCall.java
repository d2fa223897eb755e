package io.github.fallbackllm.gateway.responses;

import java.util.List;

import io.github.fallbackllm.chat.ChatMessage;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.gateway.GatewayRequest;
import org.jspecify.annotations.Nullable;

/**
 * A Responses request whose history is known, ready to be served: the response's
 * identity, and whether it is stored.
 *
 * @author Fallback LLM contributors
 */
public final class ResponsesCall implements GatewayRequest {

	private final ResponsesRequest request;

	private final List<ChatMessage> history;

	private final ChatRequest chatRequest;

	private final String id;

	private final long createdAt;

	private final boolean stored;

	/**
	 * Create a call.
	 * @param request the request
	 * @param history the conversation of its {@code previous_response_id}, empty when it
	 * names none
	 * @param id the response's identifier
	 * @param createdAt when the response was created, in epoch seconds
	 * @param stored whether the response is stored for a later
	 * {@code previous_response_id}
	 */
	ResponsesCall(ResponsesRequest request, List<ChatMessage> history, String id, long createdAt, boolean stored) {
		this.request = request;
		this.history = history;
		this.chatRequest = request.chatRequest(history);
		this.id = id;
		this.createdAt = createdAt;
		this.stored = stored;
	}

	@Override
	public ChatRequest chatRequest() {
		return this.chatRequest;
	}

	@Override
	public @Nullable String model() {
		return this.request.model().isEmpty() ? null : this.request.model();
	}

	@Override
	public boolean stream() {
		return this.request.stream();
	}

	ResponsesRequest request() {
		return this.request;
	}

	List<ChatMessage> history() {
		return this.history;
	}

	String id() {
		return this.id;
	}

	long createdAt() {
		return this.createdAt;
	}

	boolean stored() {
		return this.stored;
	}

	/**
	 * Return what every state of the response shares.
	 * @param model the model that answers
	 * @return the head
	 */
	ResponsesJson.Head head(String model) {
		return new ResponsesJson.Head(this.id, this.createdAt, model, this.request, this.stored);
	}

}
