package io.github.fallbackllm.gateway.responses;

import java.time.Duration;

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
	 * Whether to keep each response's conversation, so that a request's
	 * previous_response_id continues it on whichever target serves: in memory, or on
	 * Redis when the Redis state store is active. Off: such a request is answered 400,
	 * and clients send the whole conversation.
	 */
	private boolean store;

	/**
	 * Most text the in-memory response store holds, counted in characters over all its
	 * conversations; the least recently used conversations go first.
	 */
	private DataSize storeMaxSize = DataSize.ofMegabytes(64);

	/**
	 * How long Redis keeps a stored response.
	 */
	private Duration storeTtl = Duration.ofHours(24);

	/**
	 * Largest conversation stored on Redis, in bytes of its JSON; a larger one is not
	 * stored.
	 */
	private DataSize storeMaxEntrySize = DataSize.ofMegabytes(8);

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

	public Duration getStoreTtl() {
		return this.storeTtl;
	}

	public void setStoreTtl(Duration storeTtl) {
		this.storeTtl = storeTtl;
	}

	public DataSize getStoreMaxEntrySize() {
		return this.storeMaxEntrySize;
	}

	public void setStoreMaxEntrySize(DataSize storeMaxEntrySize) {
		this.storeMaxEntrySize = storeMaxEntrySize;
	}

}
