package io.github.fallbackllm.gateway;

import io.github.fallbackllm.chat.ChatRequest;
import org.jspecify.annotations.Nullable;

/**
 * A request of one dialect, read from its body: what the gateway needs to serve it. A
 * dialect's implementation adds what it needs to write the answer, such as whether usage
 * was asked for.
 *
 * @author Fallback LLM contributors
 */
public interface GatewayRequest {

	/**
	 * Return the request for the fallback chain.
	 * @return the chat request
	 */
	ChatRequest chatRequest();

	/**
	 * Return the model the client asked for, which selects the route.
	 * @return the model, or {@code null} when the client named none
	 */
	@Nullable String model();

	/**
	 * Return whether the client asked for a streamed answer.
	 * @return whether to stream
	 */
	boolean stream();

}
