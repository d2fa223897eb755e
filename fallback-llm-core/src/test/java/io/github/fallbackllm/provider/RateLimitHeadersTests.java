package io.github.fallbackllm.provider;

import java.time.Instant;

import io.github.fallbackllm.budget.RemainingLimits;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What answers' headers say is left of a provider's rate limits, per provider type.
 *
 * @author Fallback LLM contributors
 */
class RateLimitHeadersTests {

	private static final Instant NOW = Instant.parse("2026-12-07T10:15:00Z");

	@Test
	void openAiCountsWithGoDurationResets() {
		HttpHeaders headers = new HttpHeaders();
		headers.set("x-ratelimit-remaining-requests", "59");
		headers.set("x-ratelimit-reset-requests", "1s");
		headers.set("x-ratelimit-remaining-tokens", "149984");
		headers.set("x-ratelimit-reset-tokens", "6m0s");

		assertThat(RateLimitHeaders.read(headers, NOW))
			.isEqualTo(new RemainingLimits(59, NOW.plusSeconds(1), 149_984, NOW.plusSeconds(360)));
	}

	@Test
	void anthropicCountsWithInstantResets() {
		HttpHeaders headers = new HttpHeaders();
		headers.set("anthropic-ratelimit-requests-remaining", "0");
		headers.set("anthropic-ratelimit-requests-reset", "2026-12-07T10:15:20Z");
		headers.set("anthropic-ratelimit-tokens-remaining", "12000");
		headers.set("anthropic-ratelimit-tokens-reset", "2026-12-07T10:16:00Z");

		assertThat(RateLimitHeaders.read(headers, NOW))
			.isEqualTo(new RemainingLimits(0, NOW.plusSeconds(20), 12_000, NOW.plusSeconds(60)));
	}

	@Test
	void aCountWithoutItsResetOrThatIsNotACountSaysNothing() {
		HttpHeaders headers = new HttpHeaders();
		// Azure OpenAI: counts without resets.
		headers.set("x-ratelimit-remaining-requests", "10");
		headers.set("x-ratelimit-remaining-tokens", "abc");
		headers.set("x-ratelimit-reset-tokens", "1s");
		assertThat(RateLimitHeaders.read(headers, NOW)).isEqualTo(RemainingLimits.UNKNOWN);

		headers.set("x-ratelimit-remaining-tokens", "9".repeat(100));
		assertThat(RateLimitHeaders.read(headers, NOW)).isEqualTo(RemainingLimits.UNKNOWN);
		assertThat(RateLimitHeaders.read(new HttpHeaders(), NOW)).isEqualTo(RemainingLimits.UNKNOWN);
	}

}
