package io.github.fallbackllm.redis.responses;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import io.github.fallbackllm.chat.ChatMessage;
import io.github.fallbackllm.gateway.responses.ResponseStore;
import io.github.fallbackllm.redis.RedisStateSettings;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.Context;

import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * A {@link ResponseStore} on Redis, so that a response stored by one instance of the
 * gateway is continued by any other, after a restart too. Each response's conversation is
 * one key, {@code <prefix>:response:<response id>}, that expires after {@code ttl}; a
 * conversation larger than {@code maxEntryBytes} (in UTF-8 JSON) is not stored, and the
 * request that names it later is told so. Keys hold the response's identifier only, which
 * the gateway made, never a secret.
 * <p>
 * A write that fails or times out is reported, and the response is served unstored; a
 * read that does, fails the request that needs it, rather than passing it off as an
 * unknown response.
 *
 * @author Fallback LLM contributors
 */
public final class RedisResponseStore implements ResponseStore, AutoCloseable {

	private static final Log logger = LogFactory.getLog(RedisResponseStore.class);

	/** Reactor's key of a subscriber's own handler of errors that come too late. */
	private static final String ON_ERROR_DROPPED = "reactor.onErrorDropped.local";

	/**
	 * The identifiers this gateway makes; anything else a client names is no stored
	 * response, and is not looked up.
	 */
	/** Longest wait for the first connection, at start. */
	private static final Duration FIRST_CONNECTION = Duration.ofSeconds(5);

	private static final Pattern RESPONSE_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

	private final ReactiveStringRedisTemplate template;

	private final String prefix;

	private final Duration timeout;

	private final Duration ttl;

	private final long maxEntryBytes;

	private final Scheduler scheduler = Schedulers.newSingle("fallback-llm-redis-responses", true);

	/**
	 * Create a store.
	 * @param connectionFactory the application's Redis connection
	 * @param settings how Redis is used: the key prefix and the timeout of one command
	 * @param ttl how long a stored response lasts
	 * @param maxEntryBytes the largest conversation stored, in bytes of its JSON
	 */
	public RedisResponseStore(ReactiveRedisConnectionFactory connectionFactory, RedisStateSettings settings,
			Duration ttl, long maxEntryBytes) {
		if (ttl.isNegative() || ttl.isZero()) {
			throw new IllegalArgumentException("The stored responses' time to live must be positive (got " + ttl + ")");
		}
		if (maxEntryBytes < 1) {
			throw new IllegalArgumentException(
					"The largest stored response must be positive (got " + maxEntryBytes + " bytes)");
		}
		this.template = new ReactiveStringRedisTemplate(connectionFactory);
		this.prefix = settings.keyPrefix() + ":response:";
		this.timeout = settings.timeout();
		this.ttl = ttl;
		this.maxEntryBytes = maxEntryBytes;
	}

	/**
	 * Connect, so that the first request does not wait for the connection, which may take
	 * longer than the timeout of one command.
	 */
	public void start() {
		Mono.defer(() -> this.template.hasKey(this.prefix))
			.subscribeOn(this.scheduler)
			.timeout(FIRST_CONNECTION)
			.subscribe(null, (failure) -> logger.warn("Redis did not answer at start ("
					+ failure.getClass().getSimpleName() + "): stored responses are written and read once it does"));
	}

	@Override
	public Mono<List<ChatMessage>> conversation(String responseId) {
		if (!RESPONSE_ID.matcher(responseId).matches()) {
			return Mono.empty();
		}
		return run(() -> this.template.opsForValue().get(key(responseId))).map(ConversationJson::read);
	}

	@Override
	public Mono<Void> save(String responseId, List<ChatMessage> conversation) {
		String value = ConversationJson.write(conversation);
		// UTF-8 takes at most three bytes per char: only a large value is encoded to
		// be measured.
		if ((long) value.length() * 3 > this.maxEntryBytes
				&& value.getBytes(StandardCharsets.UTF_8).length > this.maxEntryBytes) {
			if (logger.isWarnEnabled()) {
				logger.warn("Response " + responseId + " is not stored: its conversation is larger than "
						+ this.maxEntryBytes + " bytes (llm.fallback.gateway.responses.store-max-entry-size)");
			}
			return Mono.empty();
		}
		return run(() -> this.template.opsForValue().set(key(responseId), value, this.ttl)).then();
	}

	/**
	 * Stop: commands in flight finish, and nothing new goes to Redis.
	 */
	@Override
	public void close() {
		this.scheduler.disposeGracefully().subscribe();
	}

	/**
	 * A command started off the caller's thread, since Lettuce may connect synchronously
	 * on the first one, and bounded in time.
	 */
	private <T> Mono<T> run(Supplier<Mono<T>> command) {
		return Mono.defer(command)
			.subscribeOn(this.scheduler)
			.timeout(this.timeout)
			// A command that fails after its timeout fired has been reported already.
			.contextWrite(Context.of(ON_ERROR_DROPPED, (Consumer<Throwable>) (late) -> {
			}));
	}

	private String key(String responseId) {
		return this.prefix + responseId;
	}

}
