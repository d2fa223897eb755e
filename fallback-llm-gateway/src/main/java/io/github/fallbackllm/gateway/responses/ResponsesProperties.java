package io.github.fallbackllm.gateway.responses;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the gateway's Responses dialect.
 *
 * @author Fallback LLM contributors
 */
@ConfigurationProperties(ResponsesProperties.PREFIX)
public class ResponsesProperties {

	/** Prefix of the Responses dialect's properties. */
	public static final String PREFIX = "llm.fallback.gateway.responses";

	/**
	 * Whether to keep each response's conversation in memory, so that a request's
	 * previous_response_id continues it on whichever target serves. Off: such a request
	 * is answered 400, and clients send the whole conversation.
	 */
	private boolean store;

	/**
	 * Most text the response store holds, counted in characters over all its
	 * conversations; the least recently used conversations go first.
	 */
	private DataSize storeMaxSize = DataSize.ofMegabytes(64);

	public boolean isStore() {
		return this.store;
	}

	public void setStore(boolean store) {
		this.store = store;
	}

	public DataSize getStoreMaxSize() {
		return this.storeMaxSize;
	}

	public void setStoreMaxSize(DataSize storeMaxSize) {
		this.storeMaxSize = storeMaxSize;
	}

}
