package io.github.fallbackllm.gateway.messages;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.github.fallbackllm.chat.Attempt;
import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.gateway.GatewayError;
import io.github.fallbackllm.gateway.ImageUrls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MessagesErrors} and the error envelope of {@link MessagesDialect}.
 *
 * @author Fallback LLM contributors
 */
class MessagesErrorsTests {

	@ParameterizedTest
	@CsvSource(textBlock = """
			400, invalid_request_error
			401, authentication_error
			403, permission_error
			404, not_found_error
			405, invalid_request_error
			408, invalid_request_error
			413, request_too_large
			429, rate_limit_error
			500, api_error
			503, overloaded_error
			529, overloaded_error
			""")
	void eachStatusHasAnthropicsErrorType(int status, String type) {
		assertThat(MessagesErrors.type(status)).isEqualTo(type);
	}

	@ParameterizedTest
	@CsvSource(textBlock = """
			RATE_LIMITED, rate_limit_error
			SERVER_ERROR, overloaded_error
			NETWORK_ERROR, api_error
			TIMEOUT, api_error
			CONTEXT_TOO_LONG, invalid_request_error
			""")
	void whatBrokeAStreamHasAnthropicsErrorType(AttemptOutcome failure, String type) {
		assertThat(MessagesErrors.streamErrorType(failure)).isEqualTo(type);
	}

	@Test
	void aCallThatNoTargetServedIsAnOverloadedErrorWithItsAttemptsAsData() {
		Attempt attempt = new Attempt("primary", "claude-sonnet-4-5", AttemptOutcome.RATE_LIMITED, 429, null,
				"slow down", null, Duration.ofMillis(5), Duration.ofSeconds(20));
		byte[] body = new MessagesDialect(new ImageUrls(false)).error(new GatewayError(HttpStatus.SERVICE_UNAVAILABLE,
				"All 1 LLM targets failed", List.of(attempt), Duration.ofSeconds(20)));

		assertThat(new String(body, StandardCharsets.UTF_8))
			.startsWith("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
					+ "\"message\":\"All 1 LLM targets failed\",\"attempts\":[{\"provider\":\"primary\"")
			.contains("\"outcome\":\"rate_limited\"");
	}

}
