package io.github.fallbackllm.provider;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.fallbackllm.chat.Capability;

import org.jspecify.annotations.Nullable;

/**
 * What a {@link LlmProviderFactory} needs to build a provider. {@link #toString()} masks
 * the key and sensitive headers.
 *
 * @param name the provider name
 * @param baseUrl the endpoint's base URL, without trailing slash
 * @param apiKey the API key, or {@code null} for endpoints without authentication
 * @param models the models to try, in order
 * @param headers extra request headers
 * @param maxResponseBytes the largest response body to read
 * @param capabilities what the models support beyond text, or {@code null} for the
 * provider type's defaults
 * @param extraBody fields added to every request body, such as reasoning settings; a
 * request's own extra fields override them
 * @param options settings that only some provider types read, by name, such as Azure
 * OpenAI's {@code api-version}
 * @author Fallback LLM contributors
 */
public record ProviderSettings(String name, String baseUrl, @Nullable String apiKey, List<String> models,
		Map<String, String> headers, int maxResponseBytes, @Nullable Set<Capability> capabilities,
		Map<String, Object> extraBody, Map<String, String> options) {

	public ProviderSettings {
		baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
		models = List.copyOf(models);
		headers = Map.copyOf(headers);
		capabilities = (capabilities != null) ? Collections.unmodifiableSet(copy(capabilities)) : null;
		extraBody = (extraBody != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(extraBody)) : Map.of();
		options = (options != null) ? Map.copyOf(options) : Map.of();
	}

	/**
	 * Create settings without type-specific options.
	 * @param name the provider name
	 * @param baseUrl the base URL
	 * @param apiKey the API key, if any
	 * @param models the models
	 * @param headers extra request headers
	 * @param maxResponseBytes the largest response body to read
	 * @param capabilities what the models support, or {@code null} for the type's
	 * defaults
	 * @param extraBody fields added to every request body
	 */
	public ProviderSettings(String name, String baseUrl, @Nullable String apiKey, List<String> models,
			Map<String, String> headers, int maxResponseBytes, @Nullable Set<Capability> capabilities,
			Map<String, Object> extraBody) {
		this(name, baseUrl, apiKey, models, headers, maxResponseBytes, capabilities, extraBody, Map.of());
	}

	/**
	 * Create settings with the provider type's capabilities, no extra body fields and no
	 * type-specific options.
	 * @param name the provider name
	 * @param baseUrl the base URL
	 * @param apiKey the API key, if any
	 * @param models the models
	 * @param headers extra request headers
	 * @param maxResponseBytes the largest response body to read
	 */
	public ProviderSettings(String name, String baseUrl, @Nullable String apiKey, List<String> models,
			Map<String, String> headers, int maxResponseBytes) {
		this(name, baseUrl, apiKey, models, headers, maxResponseBytes, null, Map.of(), Map.of());
	}

	private static Set<Capability> copy(Set<Capability> capabilities) {
		Set<Capability> copy = EnumSet.noneOf(Capability.class);
		copy.addAll(capabilities);
		return copy;
	}

	/**
	 * Return the values a log line or error message must never show: the key, the values
	 * of headers and options that carry credentials (such as an AWS {@code secret-key}),
	 * and the base URL's credentials.
	 * @return the secrets
	 */
	public List<String> secrets() {
		List<String> secrets = SecretRedactor.secretsOf(this.apiKey, this.headers, this.baseUrl);
		secrets.addAll(SecretRedactor.secretsOf(null, this.options));
		return secrets;
	}

	@Override
	public String toString() {
		return "ProviderSettings[name=" + this.name + ", baseUrl="
				+ SecretRedactor.of(secrets()).redactUrl(this.baseUrl) + ", apiKey=" + SecretRedactor.mask(this.apiKey)
				+ ", models=" + this.models + ", headers=" + SecretRedactor.maskSensitive(this.headers)
				+ ", maxResponseBytes=" + this.maxResponseBytes + ", capabilities=" + this.capabilities + ", extraBody="
				+ this.extraBody.keySet() + ", options=" + SecretRedactor.maskSensitive(this.options) + "]";
	}

}
