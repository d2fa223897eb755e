package io.github.fallbackllm.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Meters registered once per key and reused: recording then costs one map lookup, where a
 * builder's {@code register} would build an id, sort its tags and look it up in the
 * registry on every call, only to return the same meter. Keys come from the configuration
 * (providers, models), from enums and from the models providers report; past
 * {@value #MAX_KEYS} keys, further ones are registered on each use, as without the cache,
 * so that an unexpected variety of models cannot grow it without bound. A meter removed
 * from the registry empties the cache, so that the next use registers it anew.
 *
 * @param <K> the key: the tag values that tell meters apart
 * @param <M> a meter, or a group of meters registered together
 * @author Fallback LLM contributors
 */
final class MeterCache<K, M> {

	static final int MAX_KEYS = 1_000;

	private final Map<K, M> meters = new ConcurrentHashMap<>();

	private final Function<K, M> register;

	MeterCache(MeterRegistry registry, Function<K, M> register) {
		this.register = register;
		registry.config().onMeterRemoved((meter) -> this.meters.clear());
	}

	M get(K key) {
		M meter = this.meters.get(key);
		if (meter == null) {
			// Two threads may both register: the registry hands both the same meter.
			meter = this.register.apply(key);
			if (this.meters.size() < MAX_KEYS) {
				this.meters.put(key, meter);
			}
		}
		return meter;
	}

}
