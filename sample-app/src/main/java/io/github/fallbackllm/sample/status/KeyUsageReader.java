package io.github.fallbackllm.sample.status;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.github.fallbackllm.gateway.GatewayProperties;
import io.github.fallbackllm.gateway.keys.GatewayKeyMeters;
import io.github.fallbackllm.gateway.keys.KeyUsage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The usage of each gateway key, read from the key meters: by the key's name, as the
 * configuration and the meters name it; the secret is never read.
 *
 * @author Fallback LLM contributors
 */
@Component
class KeyUsageReader {

	private final @Nullable GatewayProperties gateway;

	private final @Nullable MeterRegistry registry;

	KeyUsageReader(ObjectProvider<GatewayProperties> gateway, ObjectProvider<MeterRegistry> registry) {
		this.gateway = gateway.getIfAvailable();
		this.registry = registry.getIfAvailable();
	}

	/**
	 * Return the usage of every configured key, then of requests with no known key if any
	 * were refused; none when the gateway has no keys.
	 */
	List<KeyView> keys() {
		if (this.gateway == null || this.registry == null || this.gateway.getKeys().isEmpty()) {
			return List.of();
		}
		List<KeyView> keys = new ArrayList<>();
		for (GatewayProperties.Key key : this.gateway.getKeys()) {
			if (key.getName() != null) {
				keys.add(usage(this.registry, key.getName()));
			}
		}
		KeyView unknown = usage(this.registry, KeyUsage.UNKNOWN_KEY);
		if (!unknown.rejections().isEmpty()) {
			keys.add(unknown);
		}
		return keys;
	}

	private static KeyView usage(MeterRegistry registry, String name) {
		Map<String, Long> rejections = new TreeMap<>();
		for (Counter counter : registry.find(GatewayKeyMeters.REJECTIONS).tag("key", name).counters()) {
			rejections.merge(counter.getId().getTag("reason"), (long) counter.count(), Long::sum);
		}
		return new KeyView(name, count(registry.find(GatewayKeyMeters.REQUESTS).tag("key", name).counter()),
				count(registry.find(GatewayKeyMeters.TOKENS).tag("key", name).tag("type", "input").counter()),
				count(registry.find(GatewayKeyMeters.TOKENS).tag("key", name).tag("type", "output").counter()),
				rejections);
	}

	private static long count(@Nullable Counter counter) {
		return (counter != null) ? (long) counter.count() : 0;
	}

	/**
	 * The usage of one gateway key.
	 *
	 * @param name the key's name
	 * @param requests requests admitted to the providers
	 * @param tokensIn input tokens the answers reported
	 * @param tokensOut output tokens the answers reported
	 * @param rejections refused requests by reason, such as {@code rpm}
	 */
	record KeyView(String name, long requests, long tokensIn, long tokensOut, Map<String, Long> rejections) {
	}

}
