package io.github.fallbackllm.gateway;

import java.time.Duration;
import java.util.List;

import io.github.fallbackllm.chat.AllProvidersFailedException;
import io.github.fallbackllm.gateway.chatcompletions.ChatCompletionsDialect;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link GatewayErrors}.
 */
class GatewayErrorsTests {

	private final GatewayErrors errors = new GatewayErrors(new GatewayProperties());

	@Test
	void retryAfterIsInWholeSecondsRoundedUp() {
		assertThat(retryAfter(Duration.ofMillis(1))).isEqualTo("1");
		assertThat(retryAfter(Duration.ofMillis(14_001))).isEqualTo("15");
		assertThat(retryAfter(Duration.ofSeconds(20))).isEqualTo("20");
	}

	@Test
	void retryAfterIsLeftOutWhenNoTargetIsCoolingDown() {
		MockServerHttpResponse response = write(
				new AllProvidersFailedException("All 1 LLM targets failed", List.of(), null, null));
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(response.getHeaders().containsHeader(HttpHeaders.RETRY_AFTER)).isFalse();
	}

	@Test
	void unexpectedFailureIsA500ThatNamesNoDetail() {
		MockServerHttpResponse response = write(new IllegalStateException("internal detail"));
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
		assertThat(response.getBodyAsString().block()).contains("\"type\":\"server_error\"")
			.contains("IllegalStateException")
			.doesNotContain("internal detail");
	}

	@Test
	void bodyOverTheLimitIsA413ThatNamesTheLimitAndItsProperty() {
		GatewayError error = this.errors.of(new DataBufferLimitException("Exceeded limit"));
		assertThat(error.status()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
		assertThat(error.message()).contains("33554432 bytes").contains("llm.fallback.gateway.max-request-size");
	}

	private String retryAfter(Duration wait) {
		return write(new AllProvidersFailedException("All 1 LLM targets failed", List.of(), wait, null)).getHeaders()
			.getFirst(HttpHeaders.RETRY_AFTER);
	}

	private MockServerHttpResponse write(Throwable failure) {
		MockServerHttpResponse response = new MockServerHttpResponse();
		GatewayErrors.write(new ChatCompletionsDialect(new ImageUrls(false)), this.errors.of(failure), response)
			.block();
		return response;
	}

}
