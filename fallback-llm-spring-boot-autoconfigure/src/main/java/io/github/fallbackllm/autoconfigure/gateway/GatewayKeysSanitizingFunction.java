package io.github.fallbackllm.autoconfigure.gateway;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

import io.github.fallbackllm.gateway.GatewayProperties;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * Masks the gateway's keys in the {@code env} and {@code configprops} endpoints, even
 * when {@code management.endpoint.*.show-values} shows other values: every
 * {@code llm.fallback.gateway.keys[*].key} and {@code key-sha256}, and any other property
 * whose value holds a configured key, such as the environment variable a placeholder
 * reads.
 *
 * @author Fallback LLM contributors
 */
final class GatewayKeysSanitizingFunction implements SanitizingFunction {

	/**
	 * A key's secret, whatever the source's naming: {@code keys[0].key},
	 * {@code keys[0].keySha256} and {@code KEYS_0_KEY_SHA256} all normalize alike.
	 */
	private static final Pattern KEY_PROPERTY = Pattern.compile("llmfallbackgatewaykeys\\d*(key|keysha256)");

	private static final Pattern SEPARATORS = Pattern.compile("[-_.\\[\\]]");

	private final List<String> secrets;

	GatewayKeysSanitizingFunction(GatewayProperties properties) {
		this.secrets = properties.getKeys()
			.stream()
			.map(GatewayProperties.Key::getKey)
			.filter(Objects::nonNull)
			.map(String::strip)
			.filter((secret) -> secret.length() >= GatewayAccessFactory.MIN_SECRET_LENGTH)
			.distinct()
			.toList();
	}

	@Override
	public SanitizableData apply(SanitizableData data) {
		String key = SEPARATORS.matcher(data.getKey().toLowerCase(Locale.ROOT)).replaceAll("");
		if (KEY_PROPERTY.matcher(key).matches()) {
			return data.withSanitizedValue();
		}
		if (data.getValue() instanceof CharSequence text && this.secrets.stream().anyMatch(text.toString()::contains)) {
			return data.withSanitizedValue();
		}
		return data;
	}

}
