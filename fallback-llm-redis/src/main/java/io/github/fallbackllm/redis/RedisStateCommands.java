package io.github.fallbackllm.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The Redis commands of the shared state, one round trip each, and where its keys live:
 * {@code <prefix>:cooldown:<id>}, {@code <prefix>:failures:<id>},
 * {@code <prefix>:trial:<id>},
 * {@code <prefix>:target-budget:{<target>}:<window>:<minute>} and the channel
 * {@code <prefix>:events}.
 *
 * @author Fallback LLM contributors
 */
final class RedisStateCommands {

	private static final RedisScript<String> FAILED = script("failed.lua", String.class);

	private static final RedisScript<String> COOL = script("cool.lua", String.class);

	private static final RedisScript<Long> DELETE = script("delete.lua", Long.class);

	private static final RedisScript<Long> TRIAL = script("trial.lua", Long.class);

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static final RedisScript<List<Long>> LEASE = (RedisScript) script("budget-lease.lua", List.class);

	private final ReactiveStringRedisTemplate template;

	private final String prefix;

	RedisStateCommands(ReactiveStringRedisTemplate template, String prefix) {
		this.template = template;
		this.prefix = prefix;
	}

	String channel() {
		return this.prefix + ":events";
	}

	String cooldownKey(String id) {
		return this.prefix + ":cooldown:" + id;
	}

	/**
	 * Count a failure and share the cooldown when asked or when the count reaches the
	 * threshold.
	 * @return the shared count and, after a space, the cooldown in force afterwards, if
	 * any
	 */
	Mono<String> failed(String id, Duration failureWindow, int threshold, boolean cool,
			@Nullable SharedCooldown cooldown, Duration ttl, String failedMessage, String cooledMessage) {
		return this.template.execute(FAILED, List.of(this.prefix + ":failures:" + id, cooldownKey(id)),
				List.of(millis(failureWindow), Integer.toString(threshold), cool ? "1" : "0",
						(cooldown != null) ? cooldown.encode() : "", millis(ttl), channel(), failedMessage,
						cooledMessage))
			.next();
	}

	/**
	 * Share a cooldown unless a longer one is shared.
	 * @return the cooldown in force afterwards
	 */
	Mono<String> cool(String id, SharedCooldown cooldown, Duration ttl, String message) {
		return this.template
			.execute(COOL, List.of(cooldownKey(id)), List.of(cooldown.encode(), millis(ttl), channel(), message))
			.next();
	}

	/**
	 * End a cooldown and its trial lease, and tell the other instances.
	 */
	Mono<Long> clear(String id, String message) {
		return this.template
			.execute(DELETE, List.of(cooldownKey(id), this.prefix + ":trial:" + id), List.of(channel(), message))
			.next();
	}

	/**
	 * Reset a failure count, and tell the other instances.
	 */
	Mono<Long> resetFailures(String id, String message) {
		return this.template.execute(DELETE, List.of(this.prefix + ":failures:" + id), List.of(channel(), message))
			.next();
	}

	/**
	 * Race for a trial lease.
	 * @return -1 if this instance holds it, else how many milliseconds another holds it
	 */
	Mono<Long> raceForTrial(String id, String instance, Duration lease) {
		return this.template.execute(TRIAL, List.of(this.prefix + ":trial:" + id), List.of(instance, millis(lease)))
			.next();
	}

	/**
	 * Read the shared cooldowns, {@code null} where there is none.
	 */
	Mono<List<@Nullable String>> cooldowns(List<String> ids) {
		return this.template.opsForValue().multiGet(ids.stream().map(this::cooldownKey).toList());
	}

	/**
	 * Count what an instance owes of a target's budget window and lease it a slice.
	 * @return what was granted, and what every instance holds of the window
	 */
	Mono<List<Long>> lease(String target, String window, long minute, long owed, long wanted, long limit,
			Duration ttl) {
		return this.template
			.execute(LEASE, List.of(this.prefix + ":target-budget:{" + target + "}:" + window + ":" + minute),
					List.of(Long.toString(limit), Long.toString(owed), Long.toString(wanted), millis(ttl)))
			.next();
	}

	Mono<String> ping() {
		return this.template.execute((connection) -> connection.ping()).next();
	}

	/**
	 * Load the scripts, so that their first use costs one round trip like the others.
	 */
	Mono<Void> loadScripts() {
		return this.template
			.execute((connection) -> Flux.fromIterable(List.of(FAILED, COOL, DELETE, TRIAL, LEASE))
				.concatMap((script) -> connection.scriptingCommands()
					.scriptLoad(ByteBuffer.wrap(script.getScriptAsString().getBytes(StandardCharsets.UTF_8)))))
			.then();
	}

	private static String millis(Duration duration) {
		return Long.toString(Math.max(1, duration.toMillis()));
	}

	/**
	 * A script of this package, read once: a script made of a {@link Resource} asks the
	 * resource whether it changed each time it runs, which in a nested jar costs a class
	 * path lookup, hundreds of microseconds, per command.
	 */
	static <T> RedisScript<T> script(String name, Class<T> type) {
		return script(new ClassPathResource(name, RedisStateCommands.class), type);
	}

	static <T> RedisScript<T> script(Resource resource, Class<T> type) {
		try {
			return RedisScript.of(resource.getContentAsString(StandardCharsets.UTF_8), type);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the Redis script " + resource.getDescription(), ex);
		}
	}

}
