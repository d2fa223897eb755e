package io.github.fallbackllm.provider;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.github.fallbackllm.chat.AttemptOutcome;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class ProviderErrorsTests {

	private static final SecretRedactor REDACTOR = SecretRedactor.of(java.util.List.of("sk-live-secret-value-123"));

	@ParameterizedTest(name = "{0} {1}/{2} -> {3}")
	@CsvSource(nullValues = "-", value = {
			// OpenAI
			"429, insufficient_quota, insufficient_quota, QUOTA_EXCEEDED",
			"429, tokens, rate_limit_exceeded, RATE_LIMITED",
			"401, invalid_request_error, invalid_api_key, AUTHENTICATION_FAILED",
			"403, request_forbidden, unsupported_country_region_territory, AUTHENTICATION_FAILED",
			"404, invalid_request_error, model_not_found, MODEL_NOT_FOUND",
			"400, invalid_request_error, context_length_exceeded, CONTEXT_TOO_LONG",
			"400, invalid_request_error, -, BAD_REQUEST", "500, server_error, -, SERVER_ERROR",
			"503, -, -, SERVER_ERROR", "408, -, -, SERVER_ERROR", "409, -, -, SERVER_ERROR", "422, -, -, BAD_REQUEST",
			// Anthropic
			"402, billing_error, -, QUOTA_EXCEEDED", "401, authentication_error, -, AUTHENTICATION_FAILED",
			"403, permission_error, -, AUTHENTICATION_FAILED", "404, not_found_error, -, MODEL_NOT_FOUND",
			"413, request_too_large, -, CONTEXT_TOO_LONG", "429, rate_limit_error, -, RATE_LIMITED",
			"529, overloaded_error, -, SERVER_ERROR", "504, timeout_error, -, SERVER_ERROR",
			// Azure: string codes
			"400, -, content_filter, CONTENT_FILTERED", "404, -, DeploymentNotFound, MODEL_NOT_FOUND",
			// Errors without a status: in a 200 body or a stream event
			"0, overloaded_error, -, SERVER_ERROR", "0, rate_limit_error, -, RATE_LIMITED", "0, -, -, SERVER_ERROR" })
	void classifiesByStatusTypeAndCode(int status, String type, String code, AttemptOutcome expected) {
		assertThat(ProviderErrors.classify(status, type, code)).isEqualTo(expected);
	}

	@Test
	void readsTheOpenAiEnvelopeAndRetryAfter() {
		HttpHeaders headers = new HttpHeaders();
		headers.set("retry-after", "18");

		ProviderException failure = ProviderErrors.fromResponse(429, headers,
				bytes("""
						{"error":{"message":"Rate limit reached for gpt-4o","type":"tokens","param":null,"code":"rate_limit_exceeded"}}"""),
				REDACTOR);

		assertThat(failure.getOutcome()).isEqualTo(AttemptOutcome.RATE_LIMITED);
		assertThat(failure.getHttpStatus()).isEqualTo(429);
		assertThat(failure.getErrorCode()).isEqualTo("rate_limit_exceeded");
		assertThat(failure.getDetail()).isEqualTo("Rate limit reached for gpt-4o");
		assertThat(failure.getRetryAfter()).isEqualTo(Duration.ofSeconds(18));
	}

	@Test
	void readsTheAnthropicEnvelope() {
		ProviderException failure = ProviderErrors.fromResponse(529, new HttpHeaders(), bytes("""
				{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_1"}"""),
				REDACTOR);

		assertThat(failure.getOutcome()).isEqualTo(AttemptOutcome.SERVER_ERROR);
		assertThat(failure.getErrorCode()).isEqualTo("overloaded_error");
		assertThat(failure.getDetail()).isEqualTo("Overloaded");
	}

	@Test
	void readsAPlainStringError() {
		ProviderException failure = ProviderErrors.fromResponse(404, new HttpHeaders(),
				bytes("{\"error\":\"model 'llama9' not found\"}"), REDACTOR);

		assertThat(failure.getOutcome()).isEqualTo(AttemptOutcome.MODEL_NOT_FOUND);
		assertThat(failure.getDetail()).isEqualTo("model 'llama9' not found");
	}

	@Test
	void describesHtmlAndEmptyBodies() {
		assertThat(ProviderErrors
			.fromResponse(502, new HttpHeaders(), bytes("<html><head><title>502 Bad Gateway</title></head></html>"),
					REDACTOR)
			.getDetail()).isEqualTo("HTML page: 502 Bad Gateway");
		assertThat(ProviderErrors.fromResponse(503, new HttpHeaders(), new byte[0], REDACTOR).getDetail())
			.isEqualTo("empty body");
	}

	@Test
	void describesHugeBodiesInBoundedWork() {
		for (String body : List.of("a".repeat(200_000), "<".repeat(100_000), "<html>" + "<".repeat(100_000),
				"<title>".repeat(30_000), "*".repeat(200_000))) {
			// A hang guard only: before the cut, such bodies pinned a thread for minutes.
			ProviderException failure = assertTimeoutPreemptively(Duration.ofSeconds(30),
					() -> ProviderErrors.fromResponse(500, new HttpHeaders(), bytes(body), REDACTOR));

			assertThat(failure.getOutcome()).isEqualTo(AttemptOutcome.SERVER_ERROR);
			assertThat(failure.getDetail()).hasSizeLessThanOrEqualTo("HTML page: ".length() + 303);
		}
	}

	@Test
	void describesHtmlWithoutTagsOrTitle() {
		assertThat(ProviderErrors.describeBody("<html><body><h1>Bad</h1> gateway <b>now</b></body></html>"))
			.isEqualTo("HTML page: Bad gateway now");
		assertThat(ProviderErrors.describeBody("<HTML><TITLE> 503 </TITLE></HTML>")).isEqualTo("HTML page: 503");
		assertThat(ProviderErrors.describeBody("<< a <b")).isEqualTo("HTML page: << a <b");
	}

	@Test
	void classifiesAnErrorEmbeddedInASuccessBodyByItsNumericCode() {
		ProviderException failure = ProviderErrors.fromEmbeddedError(
				ProviderErrors
					.parse("{\"error\":{\"code\":429,\"message\":\"Rate limit exceeded: free-models-per-day\"}}"),
				REDACTOR);

		assertThat(failure).isNotNull();
		assertThat(failure.getOutcome()).isEqualTo(AttemptOutcome.RATE_LIMITED);
		assertThat(failure.getHttpStatus()).isNull();
	}

	@Test
	void ignoresJsonWithoutAnError() {
		assertThat(ProviderErrors.fromEmbeddedError(ProviderErrors.parse("{\"choices\":[]}"), REDACTOR)).isNull();
		assertThat(ProviderErrors.fromEmbeddedError(ProviderErrors.parse("{\"error\":null}"), REDACTOR)).isNull();
	}

	@Test
	void redactsKeysAndShortensLongMessages() {
		ProviderException failure = ProviderErrors.fromResponse(401, new HttpHeaders(),
				bytes("{\"error\":{\"message\":\"Incorrect API key provided: sk-live-secret-value-123. "
						+ "x".repeat(500) + "\",\"code\":\"invalid_api_key\"}}"),
				REDACTOR);

		assertThat(failure.getDetail()).startsWith("Incorrect API key provided: [REDACTED].")
			.doesNotContain("sk-live")
			.hasSize(303)
			.endsWith("...");
		assertThat(failure.getMessage()).doesNotContain("sk-live");
	}

	@Test
	void aKeyEchoedInTheCodeOrTypeIsRedacted() {
		ProviderException inCode = ProviderErrors.fromResponse(401, new HttpHeaders(),
				bytes("{\"error\":{\"message\":\"denied\",\"type\":\"invalid_request_error\","
						+ "\"code\":\"bad key sk-live-secret-value-123\"}}"),
				REDACTOR);
		ProviderException inType = ProviderErrors.fromResponse(401, new HttpHeaders(),
				bytes("{\"type\":\"error\",\"error\":{\"type\":\"sk-live-secret-value-123\",\"message\":\"denied\"}}"),
				REDACTOR);

		assertThat(inCode.getErrorCode()).isEqualTo("bad key [REDACTED]");
		assertThat(inType.getErrorCode()).isEqualTo("[REDACTED]");
		assertThat(inCode.getOutcome()).isEqualTo(AttemptOutcome.AUTHENTICATION_FAILED);
	}

	@Test
	void aKeyEchoedEscapedInABodyThatIsNoErrorEnvelopeIsRedacted() {
		SecretRedactor redactor = SecretRedactor.of(List.of("k3y/with/slashes-0123"));

		ProviderException failure = ProviderErrors.fromResponse(401, new HttpHeaders(),
				bytes("{\"detail\":\"invalid key k3y\\/with\\/slashes-0123\"}"), redactor);

		assertThat(failure.getDetail()).isEqualTo("body: {\"detail\":\"invalid key [REDACTED]\"}");
	}

	@Test
	void aKeyAcrossTheShorteningPointIsNeverPartlyShown() {
		ProviderException failure = ProviderErrors.fromResponse(401, new HttpHeaders(),
				bytes("{\"error\":{\"message\":\"" + "y".repeat(290) + " sk-live-secret-value-123\"}}"), REDACTOR);

		assertThat(failure.getDetail()).doesNotContain("sk-").doesNotContain("live-secret");
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
