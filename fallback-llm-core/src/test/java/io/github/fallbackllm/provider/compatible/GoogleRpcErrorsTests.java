package io.github.fallbackllm.provider.compatible;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.provider.ProviderErrors;
import io.github.fallbackllm.provider.ProviderException;
import io.github.fallbackllm.provider.SecretRedactor;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Gemini's errors, as its OpenAI-compatible endpoint sends them: a JSON array around a
 * {@code google.rpc.Status}, with the wait in {@code RetryInfo.retryDelay}.
 */
class GoogleRpcErrorsTests {

	static final String RATE_LIMITED = """
			[{"error":{"code":429,"message":"Resource has been exhausted (e.g. check quota).","status":"RESOURCE_EXHAUSTED",
			 "details":[{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[{
			   "quotaMetric":"generativelanguage.googleapis.com/generate_content_free_tier_requests",
			   "quotaId":"GenerateRequestsPerMinutePerProjectPerModel-FreeTier","quotaValue":"10"}]},
			  {"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"31s"}]}}]""";

	static final String QUOTA_PER_DAY = """
			[{"error":{"code":429,"message":"You exceeded your current quota, please check your plan and billing details.",
			 "status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[{
			   "quotaMetric":"generativelanguage.googleapis.com/generate_content_free_tier_requests",
			   "quotaId":"GenerateRequestsPerDayPerProjectPerModel-FreeTier","quotaValue":"20"}]},
			  {"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"19s"}]}}]""";

	static final String API_KEY_INVALID = """
			[{"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT",
			 "details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID",
			   "domain":"googleapis.com","metadata":{"service":"generativelanguage.googleapis.com"}}]}}]""";

	static final String NOT_FOUND = """
			[{"error":{"code":404,"message":"models/gemini-pro is not found for API version v1beta, or is not supported \
			for generateContent.","status":"NOT_FOUND"}}]""";

	private static final SecretRedactor REDACTOR = SecretRedactor.patternsOnly();

	@Test
	void aPerMinuteLimitIsARateLimitWithTheDelayOfItsBody() {
		ProviderException failure = fromResponse(429, new HttpHeaders(), RATE_LIMITED);

		assertThat(failure.getOutcome()).isEqualTo(AttemptOutcome.RATE_LIMITED);
		assertThat(failure.getRetryAfter()).isEqualTo(Duration.ofSeconds(31));
		assertThat(failure.getErrorCode()).isEqualTo("RESOURCE_EXHAUSTED");
		assertThat(failure.getDetail()).startsWith("Resource has been exhausted");
	}

	@Test
	void withoutTheVocabularyTheArrayIsStillReadButTheDelayIsNot() {
		ProviderException failure = ProviderErrors.fromResponse(429, new HttpHeaders(),
				RATE_LIMITED.getBytes(StandardCharsets.UTF_8), REDACTOR);

		assertThat(failure.getOutcome()).isEqualTo(AttemptOutcome.RATE_LIMITED);
		assertThat(failure.getDetail()).startsWith("Resource has been exhausted");
		assertThat(failure.getRetryAfter()).isNull();
	}

	@Test
	void aPerDayQuotaIsExhaustedRatherThanRateLimited() {
		assertThat(fromResponse(429, new HttpHeaders(), QUOTA_PER_DAY).getOutcome())
			.isEqualTo(AttemptOutcome.QUOTA_EXCEEDED);
	}

	@Test
	void aQuotaOfZeroIsExhausted() {
		String body = RATE_LIMITED.replace("\"quotaValue\":\"10\"", "\"quotaValue\":\"0\"");

		assertThat(fromResponse(429, new HttpHeaders(), body).getOutcome()).isEqualTo(AttemptOutcome.QUOTA_EXCEEDED);
	}

	@Test
	void aRetryAfterHeaderWinsOverTheBody() {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, "2");

		assertThat(fromResponse(429, headers, RATE_LIMITED).getRetryAfter()).isEqualTo(Duration.ofSeconds(2));
	}

	@Test
	void fractionalDelaysAreRead() {
		String body = RATE_LIMITED.replace("\"31s\"", "\"0.250s\"");

		assertThat(fromResponse(429, new HttpHeaders(), body).getRetryAfter()).isEqualTo(Duration.ofMillis(250));
	}

	@Test
	void anInvalidKeyIsACredentialsProblemThoughItComesAs400() {
		assertThat(fromResponse(400, new HttpHeaders(), API_KEY_INVALID).getOutcome())
			.isEqualTo(AttemptOutcome.AUTHENTICATION_FAILED);
	}

	@Test
	void otherInvalidArgumentsAreBadRequests() {
		String body = """
				[{"error":{"code":400,"message":"The input token count (3475108) exceeds the maximum number of tokens \
				allowed (1048576).","status":"INVALID_ARGUMENT"}}]""";

		assertThat(fromResponse(400, new HttpHeaders(), body).getOutcome()).isEqualTo(AttemptOutcome.BAD_REQUEST);
	}

	@Test
	void permissionDeniedAndUnauthenticatedAreCredentials() {
		for (String status : new String[] { "PERMISSION_DENIED", "UNAUTHENTICATED" }) {
			String body = "{\"error\":{\"code\":403,\"message\":\"denied\",\"status\":\"" + status + "\"}}";
			assertThat(GoogleRpcErrors.INSTANCE.classify(null, ProviderErrors.parse(body).path("error")))
				.isEqualTo(AttemptOutcome.AUTHENTICATION_FAILED);
		}
	}

	@Test
	void notFoundIsAnUnknownModel() {
		assertThat(fromResponse(404, new HttpHeaders(), NOT_FOUND).getOutcome())
			.isEqualTo(AttemptOutcome.MODEL_NOT_FOUND);
	}

	@Test
	void anExhaustedResourceInAStreamEventIsARateLimit() {
		String event = "{\"error\":{\"code\":429,\"message\":\"exhausted\",\"status\":\"RESOURCE_EXHAUSTED\","
				+ "\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"5s\"}]}}";

		ProviderException failure = ProviderErrors.fromEmbeddedError(ProviderErrors.parse(event), REDACTOR,
				GoogleRpcErrors.INSTANCE);

		assertThat(failure.getOutcome()).isEqualTo(AttemptOutcome.RATE_LIMITED);
		assertThat(failure.getRetryAfter()).isEqualTo(Duration.ofSeconds(5));
	}

	private static ProviderException fromResponse(int status, HttpHeaders headers, String body) {
		return ProviderErrors.fromResponse(status, headers, body.getBytes(StandardCharsets.UTF_8), REDACTOR,
				GoogleRpcErrors.INSTANCE);
	}

}
