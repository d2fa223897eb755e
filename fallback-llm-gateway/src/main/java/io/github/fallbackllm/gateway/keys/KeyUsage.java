package io.github.fallbackllm.gateway.keys;

import io.github.fallbackllm.chat.TokenUsage;

/**
 * Told of every request of a key, by the key's name, never its secret: such as
 * {@link GatewayKeyMeters}. Called on the request's thread: it must not block.
 *
 * @author Fallback LLM contributors
 */
public interface KeyUsage {

	/** Usage that goes nowhere. */
	KeyUsage NONE = new KeyUsage() {
	};

	/** The name a request without a known key is counted under. */
	String UNKNOWN_KEY = "unknown";

	/**
	 * A request of a key was admitted and goes to the providers.
	 * @param key the key's name
	 */
	default void admitted(String key) {
	}

	/**
	 * A call of a key ended with an answer that reported its tokens.
	 * @param key the key's name
	 * @param usage the tokens
	 */
	default void used(String key, TokenUsage usage) {
	}

	/**
	 * A request was refused.
	 * @param key the key's name, or {@value #UNKNOWN_KEY} when the request had no known
	 * key
	 * @param reason why
	 */
	default void rejected(String key, KeyRejection reason) {
	}

}
