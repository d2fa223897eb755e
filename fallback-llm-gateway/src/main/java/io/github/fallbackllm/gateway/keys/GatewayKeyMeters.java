package io.github.fallbackllm.gateway.keys;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.fallbackllm.chat.TokenUsage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The usage of each key as meters, tagged {@code key} with the key's name, never its
 * secret: {@value #REQUESTS} (admitted requests), {@value #TOKENS} (tokens the answers
 * reported, tagged {@code type} {@code input} or {@code output}) and {@value #REJECTIONS}
 * (refused requests, tagged {@code reason}: {@code invalid_key} under the key
 * {@value KeyUsage#UNKNOWN_KEY}, {@code route}, {@code rpm}, {@code tpm},
 * {@code tokens_per_day}).
 *
 * @author Fallback LLM contributors
 */
public final class GatewayKeyMeters implements KeyUsage {

	/** Admitted requests. */
	public static final String REQUESTS = "llm.fallback.gateway.key.requests";

	/** Tokens used. */
	public static final String TOKENS = "llm.fallback.gateway.key.tokens";

	/** Refused requests. */
	public static final String REJECTIONS = "llm.fallback.gateway.key.rejections";

	private final MeterRegistry registry;

	/** Meters by key name and then reason, so that a request looks them up once. */
	private final Map<String, KeyMeters> keys = new ConcurrentHashMap<>();

	/**
	 * Create the meters.
	 * @param registry where to register them
	 */
	public GatewayKeyMeters(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void admitted(String key) {
		meters(key).requests.increment();
	}

	@Override
	public void used(String key, TokenUsage usage) {
		KeyMeters meters = meters(key);
		meters.input.increment(usage.promptTokens());
		meters.output.increment(usage.completionTokens());
	}

	@Override
	public void rejected(String key, KeyRejection reason) {
		meters(key).rejections
			.computeIfAbsent(reason,
					(why) -> Counter.builder(REJECTIONS)
						.description("Requests the gateway refused before calling any provider")
						.tag("key", key)
						.tag("reason", why.tag())
						.register(this.registry))
			.increment();
	}

	private KeyMeters meters(String key) {
		return this.keys.computeIfAbsent(key, (name) -> new KeyMeters(this.registry, name));
	}

	private static final class KeyMeters {

		private final Counter requests;

		private final Counter input;

		private final Counter output;

		private final Map<KeyRejection, Counter> rejections = new ConcurrentHashMap<>();

		KeyMeters(MeterRegistry registry, String key) {
			this.requests = Counter.builder(REQUESTS)
				.description("Requests of a gateway key admitted to the providers")
				.tag("key", key)
				.register(registry);
			this.input = tokens(registry, key, "input");
			this.output = tokens(registry, key, "output");
		}

		private static Counter tokens(MeterRegistry registry, String key, String type) {
			return Counter.builder(TOKENS)
				.description("Tokens used by the calls of a gateway key, as the providers reported them")
				.baseUnit("tokens")
				.tag("key", key)
				.tag("type", type)
				.register(registry);
		}

	}

}
