package io.github.fallbackllm.redis;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Whether the state is shared right now.
 *
 * @param shared whether Redis answers, so that this instance shares its state
 * @param since when Redis stopped answering, or {@code null} while it answers or before
 * the first connection
 * @param problem why, in a few words and without any address or credential, or
 * {@code null} while it answers
 * @author Fallback LLM contributors
 */
public record RedisStoreStatus(boolean shared, @Nullable Instant since, @Nullable String problem) {

	static final RedisStoreStatus SHARED = new RedisStoreStatus(true, null, null);

	static final RedisStoreStatus CONNECTING = new RedisStoreStatus(false, null, "not connected yet");

}
