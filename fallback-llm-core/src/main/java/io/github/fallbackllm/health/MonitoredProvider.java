package io.github.fallbackllm.health;

import org.jspecify.annotations.Nullable;

/**
 * A provider as the {@code llm} health indicator shows it: its probe, and what to display
 * about where it is.
 *
 * @param probe the provider's probe
 * @param type the provider's type, such as {@code openai}
 * @param baseUrl the base URL, without credentials, or {@code null} when unknown
 * @author Fallback LLM contributors
 */
public record MonitoredProvider(LlmProviderProbe probe, String type, @Nullable String baseUrl) {

	public MonitoredProvider {
		if (baseUrl != null) {
			baseUrl = probe.redactor().redactUrl(baseUrl);
		}
	}

	/**
	 * Return the provider's name.
	 * @return the name
	 */
	public String name() {
		return this.probe.provider().name();
	}

}
