package io.github.fallbackllm.health;

import java.util.regex.Pattern;

import io.github.fallbackllm.provider.SecretRedactor;
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

	private static final Pattern USER_INFO = Pattern.compile("(?<=://)[^/?#@]*@");

	private static final Pattern SENSITIVE_PARAMETER = Pattern
		.compile("(?i)([?&][^=&#]*(?:key|token|secret|sig|password|auth|credential)[^=&#]*=)[^&#]*");

	public MonitoredProvider {
		if (baseUrl != null) {
			String withoutCredentials = SENSITIVE_PARAMETER.matcher(USER_INFO.matcher(baseUrl).replaceFirst(""))
				.replaceAll("$1" + SecretRedactor.REDACTED);
			baseUrl = probe.redactor().redact(withoutCredentials);
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
