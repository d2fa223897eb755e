package io.github.fallbackllm.autoconfigure;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.github.fallbackllm.provider.SecretRedactor;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * Masks provider credentials in the {@code env} and {@code configprops} endpoints, even
 * when {@code management.endpoint.*.show-values} shows other values: every
 * {@code llm.fallback.providers[*].api-key}, AWS {@code access-key}, {@code secret-key}
 * and {@code session-token}, credential-like {@code llm.fallback.providers[*].headers},
 * and any other property whose value holds a configured key (such as the
 * {@code OPENAI_API_KEY} variable a placeholder reads). Base URLs are shown without their
 * user info and credential-like query parameters.
 *
 * @author Fallback LLM contributors
 */
final class FallbackLlmSanitizingFunction implements SanitizingFunction {

	/**
	 * A provider property, whatever the source's naming: {@code providers[0].api-key},
	 * {@code providers[0].apiKey} and {@code PROVIDERS_0_API_KEY} all normalize to
	 * {@code providers0apikey}.
	 */
	private static final Pattern PROVIDER_PROPERTY = Pattern
		.compile("llmfallbackproviders\\d*(apikey|accesskey|secretkey|sessiontoken|headers(.*)|baseurl)");

	private static final Pattern SEPARATORS = Pattern.compile("[-_.\\[\\]]");

	/** Shorter values would mask unrelated properties that happen to contain them. */
	private static final int MIN_SECRET_LENGTH = 8;

	private final List<String> secrets;

	private final SecretRedactor redactor;

	FallbackLlmSanitizingFunction(FallbackLlmProperties properties) {
		this.secrets = properties.getProviders()
			.stream()
			.flatMap((provider) -> Stream
				.concat(SecretRedactor.secretsOf(provider.getApiKey(), provider.getHeaders(), provider.getBaseUrl())
					.stream(), SecretRedactor.secretsOf(null, provider.options()).stream()))
			.map(String::strip)
			.filter((secret) -> secret.length() >= MIN_SECRET_LENGTH)
			.distinct()
			.toList();
		this.redactor = SecretRedactor.of(this.secrets);
	}

	@Override
	public SanitizableData apply(SanitizableData data) {
		Matcher property = PROVIDER_PROPERTY
			.matcher(SEPARATORS.matcher(data.getKey().toLowerCase(Locale.ROOT)).replaceAll(""));
		Object value = data.getValue();
		if (property.matches() && property.group(1).equals("baseurl")) {
			// Shown, as the README promises, without the credentials a URL can hold.
			return (value instanceof CharSequence url) ? data.withValue(this.redactor.redactUrl(url.toString())) : data;
		}
		if (property.matches() && (property.group(2) == null || SecretRedactor.isSensitiveHeader(property.group(2)))) {
			return data.withSanitizedValue();
		}
		if (value instanceof CharSequence text && this.secrets.stream().anyMatch(text.toString()::contains)) {
			return data.withSanitizedValue();
		}
		return data;
	}

}
