package io.github.fallbackllm.provider;

import java.util.List;
import java.util.Map;

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
 * @author Fallback LLM contributors
 */
public record ProviderSettings(String name, String baseUrl, @Nullable String apiKey, List<String> models,
		Map<String, String> headers, int maxResponseBytes) {

	public ProviderSettings {
		baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
		models = List.copyOf(models);
		headers = Map.copyOf(headers);
	}

	/**
	 * Return the values a log line or error message must never show: the key, the values
	 * of headers that carry credentials, and the base URL's credentials.
	 * @return the secrets
	 */
	public List<String> secrets() {
		return SecretRedactor.secretsOf(this.apiKey, this.headers, this.baseUrl);
	}

	@Override
	public String toString() {
		return "ProviderSettings[name=" + this.name + ", baseUrl="
				+ SecretRedactor.of(secrets()).redactUrl(this.baseUrl) + ", apiKey=" + SecretRedactor.mask(this.apiKey)
				+ ", models=" + this.models + ", headers=" + SecretRedactor.maskSensitive(this.headers)
				+ ", maxResponseBytes=" + this.maxResponseBytes + "]";
	}

}
