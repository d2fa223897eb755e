package io.github.fallbackllm.gateway.responses;

import java.util.List;

import io.github.fallbackllm.chat.ChatMessage;
import reactor.core.publisher.Mono;

/**
 * Keeps the conversation of each response, so that a request naming it as its
 * {@code previous_response_id} continues it on whichever target serves, after a failover
 * too. Enabled by {@code llm.fallback.gateway.responses.store}.
 *
 * @author Fallback LLM contributors
 * @see InMemoryResponseStore
 */
public interface ResponseStore {

	/**
	 * Return the conversation of a stored response: its input, with the history it
	 * continued, then its output.
	 * @param responseId the response's identifier
	 * @return the conversation, oldest first, or empty when the response is not stored
	 */
	Mono<List<ChatMessage>> conversation(String responseId);

	/**
	 * Store the conversation of a response.
	 * @param responseId the response's identifier
	 * @param conversation its conversation, oldest first
	 * @return completion of the write
	 */
	Mono<Void> save(String responseId, List<ChatMessage> conversation);

}
