package io.github.fallbackllm.provider;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class RetryAfterHeadersTests {

	private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

	@Test
	void millisecondsWinOverSeconds() {
		assertThat(parse("retry-after-ms", "250", "retry-after", "3")).isEqualTo(Duration.ofMillis(250));
	}

	@Test
	void secondsMayBeFractional() {
		assertThat(parse("retry-after", "1.5")).isEqualTo(Duration.ofMillis(1500));
	}

	@Test
	void readsAnHttpDate() {
		assertThat(parse("retry-after", "Sun, 22 Nov 2026 12:00:42 GMT")).isEqualTo(Duration.ofSeconds(42));
	}

	@Test
	void ignoresGarbageAndNegativeValues() {
		assertThat(parse("retry-after", "soon")).isNull();
		assertThat(parse("retry-after-ms", "-5")).isNull();
		assertThat(parse("x-other", "1")).isNull();
	}

	@Test
	void usesTheOpenAiResetOfTheExhaustedWindow() {
		assertThat(parse("x-ratelimit-remaining-requests", "4999", "x-ratelimit-reset-requests", "12ms",
				"x-ratelimit-remaining-tokens", "0", "x-ratelimit-reset-tokens", "6m0s"))
			.isEqualTo(Duration.ofMinutes(6));
	}

	@Test
	void withoutRemainingCountsUsesTheSoonestReset() {
		assertThat(parse("x-ratelimit-reset-requests", "1s", "x-ratelimit-reset-tokens", "6m0s"))
			.isEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void windowsWithRequestsLeftDoNotExplainALimit() {
		assertThat(parse("x-ratelimit-remaining-requests", "4999", "x-ratelimit-reset-requests", "12ms",
				"x-ratelimit-remaining-tokens", "159976", "x-ratelimit-reset-tokens", "6m0s"))
			.isNull();
	}

	@Test
	void resetsOnlyCountForRateLimits() {
		HttpHeaders headers = new HttpHeaders();
		headers.set("x-ratelimit-remaining-requests", "0");
		headers.set("x-ratelimit-reset-requests", "12ms");

		assertThat(RetryAfterHeaders.STANDARD.read(headers, NOW, false)).isNull();
		assertThat(RetryAfterHeaders.STANDARD.read(headers, NOW, true)).isEqualTo(Duration.ofMillis(12));
	}

	@Test
	void readsAnthropicResetInstants() {
		assertThat(parse("anthropic-ratelimit-tokens-remaining", "0", "anthropic-ratelimit-tokens-reset",
				"2026-11-22T12:00:30Z"))
			.isEqualTo(Duration.ofSeconds(30));
	}

	@ParameterizedTest
	@CsvSource({ "1s, 1000", "12ms, 12", "6m0s, 360000", "1h2m3.5s, 3723500", "1.5s, 1500", "250us, 0" })
	void parsesGoDurations(String value, long millis) {
		assertThat(RetryAfterHeaders.goDuration(value))
			.isEqualTo(Duration.ofMillis(millis).plusNanos(value.endsWith("us") ? 250_000 : 0));
	}

	@Test
	void rejectsTextThatIsNotAGoDuration() {
		assertThat(RetryAfterHeaders.goDuration("1x")).isNull();
		assertThat(RetryAfterHeaders.goDuration("s1")).isNull();
		assertThat(RetryAfterHeaders.goDuration("")).isNull();
	}

	@Test
	void readsALongHeaderValueInBoundedWork() {
		// A hang guard only: searching for each part took quadratic time.
		assertThat(assertTimeoutPreemptively(Duration.ofSeconds(30),
				() -> RetryAfterHeaders.goDuration("1".repeat(200_000) + "x")))
			.isNull();
	}

	private static Duration parse(String... namesAndValues) {
		HttpHeaders headers = new HttpHeaders();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			headers.set(namesAndValues[i], namesAndValues[i + 1]);
		}
		return RetryAfterHeaders.STANDARD.read(headers, NOW, true);
	}

	@Test
	void aWindowOfItsOwnIsReadWithAnEpochResetInMilliseconds() {
		HttpHeaders headers = new HttpHeaders();
		headers.set("x-ratelimit-remaining", "0");
		headers.set("x-ratelimit-reset", String.valueOf(NOW.plusSeconds(42).toEpochMilli()));

		assertThat(RetryAfterHeaders.STANDARD.read(headers, NOW, true)).isNull();
		assertThat(RetryAfterHeaders.STANDARD.withWindow("x-ratelimit-remaining", "x-ratelimit-reset")
			.read(headers, NOW, true)).isEqualTo(Duration.ofSeconds(42));
	}

	@Test
	void anEpochResetInSecondsIsReadAndASmallNumberIsAWait() {
		RetryAfterHeaders headers = RetryAfterHeaders.STANDARD.withWindow("x-remaining", "x-reset");
		HttpHeaders epoch = new HttpHeaders();
		epoch.set("x-remaining", "0");
		epoch.set("x-reset", String.valueOf(NOW.plusSeconds(30).getEpochSecond()));
		HttpHeaders wait = new HttpHeaders();
		wait.set("x-remaining", "0");
		wait.set("x-reset", "7");

		assertThat(headers.read(epoch, NOW, true)).isEqualTo(Duration.ofSeconds(30));
		assertThat(headers.read(wait, NOW, true)).isEqualTo(Duration.ofSeconds(7));
	}

}
