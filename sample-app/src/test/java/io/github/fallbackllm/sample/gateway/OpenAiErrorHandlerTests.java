package io.github.fallbackllm.sample.gateway;

import java.time.Duration;
import java.util.List;

import io.github.fallbackllm.chat.AllProvidersFailedException;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerCodecConfigurer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link OpenAiErrorHandler}.
 */
class OpenAiErrorHandlerTests {

	private final OpenAiErrorHandler handler = new OpenAiErrorHandler(ServerCodecConfigurer.create(),
			new GatewayProperties(Duration.ofSeconds(30)));

	@Test
	void retryAfterIsInWholeSecondsRoundedUp() {
		assertThat(retryAfter(Duration.ofMillis(1))).isEqualTo("1");
		assertThat(retryAfter(Duration.ofMillis(14_001))).isEqualTo("15");
		assertThat(retryAfter(Duration.ofSeconds(20))).isEqualTo("20");
	}

	@Test
	void retryAfterIsLeftOutWhenNoTargetIsCoolingDown() {
		ResponseEntity<String> response = this.handler
			.allProvidersFailed(new AllProvidersFailedException("All 1 LLM targets failed", List.of(), null, null));
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(response.getHeaders().containsHeader(HttpHeaders.RETRY_AFTER)).isFalse();
	}

	@Test
	void unexpectedFailureIsA500ThatNamesNoDetail() {
		ResponseEntity<String> response = this.handler.unexpected(new IllegalStateException("internal detail"));
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
		assertThat(response.getBody()).contains("\"type\":\"server_error\"")
			.contains("IllegalStateException")
			.doesNotContain("internal detail");
	}

	private String retryAfter(Duration wait) {
		return this.handler
			.allProvidersFailed(new AllProvidersFailedException("All 1 LLM targets failed", List.of(), wait, null))
			.getHeaders()
			.getFirst(HttpHeaders.RETRY_AFTER);
	}

}
