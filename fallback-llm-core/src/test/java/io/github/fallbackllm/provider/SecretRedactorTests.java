package io.github.fallbackllm.provider;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class SecretRedactorTests {

	@Test
	void removesConfiguredSecretsWhateverTheirShape() {
		SecretRedactor redactor = SecretRedactor.of(List.of("0123456789abcdef0123456789abcdef"));

		assertThat(redactor.redact("Access denied for key 0123456789abcdef0123456789abcdef."))
			.isEqualTo("Access denied for key [REDACTED].");
	}

	@Test
	void removesKeyShapedTextEvenWhenNotConfigured() {
		SecretRedactor redactor = SecretRedactor.patternsOnly();

		assertThat(redactor.redact("Incorrect API key provided: sk-PMafP***E873. You can find your API key"))
			.isEqualTo("Incorrect API key provided: [REDACTED]. You can find your API key");
		assertThat(redactor.redact("bad key sk-ant-abcdEFGH_ijkl here")).isEqualTo("bad key [REDACTED] here");
		assertThat(redactor.redact("groq gsk_abcdefghijklmnop")).isEqualTo("groq [REDACTED]");
		assertThat(redactor.redact("header Authorization: Bearer abc.def.ghi"))
			.isEqualTo("header Authorization: Bearer [REDACTED]");
		assertThat(redactor.redact("{\"api_key\": \"zzzz-1234\"}")).isEqualTo("{\"api_key\": \"[REDACTED]\"}");
	}

	@Test
	void leavesOrdinaryTextAlone() {
		assertThat(SecretRedactor.patternsOnly().redact("The server had an error while processing your request."))
			.isEqualTo("The server had an error while processing your request.");
		assertThat(SecretRedactor.patternsOnly().redact("task-force risk-free")).isEqualTo("task-force risk-free");
	}

	@Test
	void hugeTextIsCutBeforeAnyPatternRuns() {
		SecretRedactor redactor = SecretRedactor.of(List.of("sk-live-0123456789"));
		for (String text : List.of("a".repeat(200_000), "-".repeat(200_000), "*".repeat(200_000), "a***".repeat(50_000),
				"<".repeat(100_000))) {
			// A hang guard only: before the cut, 200 KB took minutes.
			String redacted = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> redactor.redact(text));

			assertThat(redacted).hasSizeLessThanOrEqualTo(SecretRedactor.MAX_LENGTH + "...".length());
		}
	}

	@Test
	void aSecretAcrossTheCutIsHiddenWhole() {
		SecretRedactor redactor = SecretRedactor.of(List.of("k3y-0123456789abcdef"));

		String redacted = redactor.redact("x".repeat(SecretRedactor.MAX_LENGTH - 15) + "k3y-0123456789abcdef tail");

		assertThat(redacted).doesNotContain("k3y-0").endsWith("x" + SecretRedactor.REDACTED + "...");
	}

	@Test
	void findsSecretsHoweverAProviderEncodedThemWhenEchoing() {
		SecretRedactor redactor = SecretRedactor.of(List.of("k3y/0f1e+2d3c=4b5a"));

		assertThat(List.of("bad key k3y/0f1e+2d3c=4b5a here", "bad key k3y\\/0f1e+2d3c=4b5a here",
				"bad key k3y\\u002F0f1e\\u002b2d3c\\u003d4b5a here", "bad key k3y%2F0f1e%2B2d3c%3D4b5a here",
				"bad key k3y%2f0f1e%2b2d3c%3d4b5a here", "bad key k3y\\u00252F0f1e%2B2d3c%3D4b5a here"))
			.allSatisfy((text) -> assertThat(redactor.redact(text)).as(text).isEqualTo("bad key [REDACTED] here"));
	}

	@Test
	void aBaseUrlsCredentialsAreSecrets() {
		assertThat(SecretRedactor.secretsOf("api-key-0123", Map.of("X-Title", "demo"),
				"https://gw-user:pa55-w0rd@gateway.example/v1?api-version=2024-10-21&key=AIza-url%2Fkey-0123"))
			.containsExactlyInAnyOrder("api-key-0123", "pa55-w0rd", "AIza-url%2Fkey-0123", "AIza-url/key-0123");
		assertThat(SecretRedactor.secretsOf(null, Map.of(), "https://t0ken-only@gateway.example/v1"))
			.containsExactly("t0ken-only");
		assertThat(SecretRedactor.secretsOf(null, Map.of(), "https://gateway.example/v1?api-version=1")).isEmpty();
	}

	@Test
	void ignoresSecretsTooShortToMatchSafely() {
		SecretRedactor redactor = SecretRedactor.of(List.of("a", " ", ""));

		assertThat(redactor.redact("a banana")).isEqualTo("a banana");
	}

	@Test
	void treatsCredentialHeadersAsSecrets() {
		assertThat(SecretRedactor.secretsOf("key-1",
				Map.of("api-key", "azure-key", "X-Title", "My app", "Authorization", "Bearer t0ken")))
			.containsExactlyInAnyOrder("key-1", "azure-key", "Bearer t0ken");
	}

	@Test
	void masksWithoutRevealing() {
		assertThat(SecretRedactor.mask("sk-123456")).isEqualTo("<9 characters, hidden>");
		assertThat(SecretRedactor.mask(null)).isEqualTo("<none>");
	}

	@Test
	void urlsLoseTheirCredentials() {
		SecretRedactor redactor = SecretRedactor.of(List.of("path-secret-0123"));

		assertThat(redactor.redactUrl("https://user:pa55@gateway.example/v1?api-version=2024-10-21&sig=abc&key=k1"))
			.isEqualTo("https://gateway.example/v1?api-version=2024-10-21&sig=[REDACTED]&key=[REDACTED]");
		assertThat(redactor.redactUrl("https://gateway.example/path-secret-0123/v1"))
			.isEqualTo("https://gateway.example/[REDACTED]/v1");
	}

	@Test
	void providerSettingsNeverPrintTheirSecrets() {
		ProviderSettings settings = new ProviderSettings("openai", "https://api.openai.com/v1/", "sk-secret-0123456789",
				List.of("gpt-4o"), Map.of("Authorization", "Bearer other-secret", "X-Title", "demo"), 1024);

		assertThat(settings.toString()).doesNotContain("sk-secret", "other-secret").contains("X-Title=demo");
		assertThat(settings.baseUrl()).isEqualTo("https://api.openai.com/v1");
	}

}
