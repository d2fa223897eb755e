package io.github.fallbackllm.provider;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProviderSettingsTests {

	private static final String KEY = "AIzaTestKey0123456789abcdef";

	@Test
	void aKeyInTheBaseUrlIsASecret() {
		ProviderSettings settings = new ProviderSettings("gemini",
				"https://generativelanguage.googleapis.com/v1beta/openai?key=" + KEY + "&alt=sse", null,
				List.of("gemini-2.5-flash"), Map.of(), 1024);

		assertThat(settings.secrets()).contains(KEY).doesNotContain("sse");
		assertThat(settings.toString()).doesNotContain(KEY);
		assertThat(SecretRedactor.of(settings.secrets()).redact("key " + KEY + " is not valid"))
			.isEqualTo("key [REDACTED] is not valid");
	}

	@Test
	void optionsAppearInToString() {
		ProviderSettings settings = new ProviderSettings("azure", "https://res.openai.azure.com/openai", "k0123456",
				List.of("gpt-4o"), Map.of(), 1024, null, Map.of(), Map.of("api-version", "2024-10-21"));

		assertThat(settings.toString()).contains("api-version=2024-10-21").doesNotContain("k0123456");
	}

}
