package io.github.fallbackllm.gateway.messages;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import io.github.fallbackllm.chat.AllProvidersFailedException;
import io.github.fallbackllm.chat.Attempt;
import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.InvalidChatRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MessagesError}: failures as Anthropic's statuses and error types.
 *
 * @author Fallback LLM contributors
 */
class MessagesErrorTests {

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
			503, api_error
			529, overloaded_error
			""")
	void eachStatusHasAnthropicsErrorType(int status, String type) {
		assertThat(MessagesError.type(status)).isEqualTo(type);
	}

	@Test
	void anInvalidRequestIsA400() {
		MessagesError error = MessagesError.of(new InvalidChatRequestException("max_tokens is missing"));

		assertThat(error).isEqualTo(new MessagesError(400, "invalid_request_error", "max_tokens is missing", null));
	}

	@Test
	void aCallWhoseTargetsAreAllRateLimitedOrCoolingIsA429WithItsRetryAfter() {
		MessagesError error = MessagesError.of(allFailed(Duration.ofSeconds(7), AttemptOutcome.RATE_LIMITED,
				AttemptOutcome.SKIPPED, AttemptOutcome.QUOTA_EXCEEDED));

		assertThat(error.status()).isEqualTo(429);
		assertThat(error.type()).isEqualTo("rate_limit_error");
		assertThat(error.retryAfter()).isEqualTo(Duration.ofSeconds(7));
		assertThat(error.message()).contains("primary/m1");
	}

	@Test
	void aRequestEveryTargetRejectedIsA400ThatClientsDoNotRetry() {
		MessagesError error = MessagesError
			.of(allFailed(null, AttemptOutcome.CONTEXT_TOO_LONG, AttemptOutcome.BAD_REQUEST));

		assertThat(error.status()).isEqualTo(400);
		assertThat(error.type()).isEqualTo("invalid_request_error");
	}

	@Test
	void anyOtherCallThatNoTargetServedIsOverloaded() {
		MessagesError error = MessagesError.of(allFailed(null, AttemptOutcome.RATE_LIMITED, AttemptOutcome.TIMEOUT));

		assertThat(error.status()).isEqualTo(529);
		assertThat(error.type()).isEqualTo("overloaded_error");
	}

	@Test
	void anUnexpectedFailureIsAnApiErrorThatNamesOnlyItsKind() {
		MessagesError error = MessagesError.of(new IllegalStateException("secret detail"));

		assertThat(error.status()).isEqualTo(500);
		assertThat(error.type()).isEqualTo("api_error");
		assertThat(error.message()).contains("IllegalStateException").doesNotContain("secret detail");
	}

	private static AllProvidersFailedException allFailed(Duration retryAfter, AttemptOutcome... outcomes) {
		List<Attempt> attempts = IntStream.range(0, outcomes.length)
			.mapToObj((i) -> new Attempt("primary", "m" + (i + 1), outcomes[i], null, null, "", null, Duration.ZERO,
					null))
			.toList();
		return new AllProvidersFailedException("All targets failed", attempts, retryAfter, null);
	}

}
