package io.github.fallbackllm.provider;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * Reads how long a provider asked callers to wait. In order: {@code retry-after-ms}
 * (Azure, OpenAI SDKs), {@code retry-after} in seconds or as an HTTP date, then the reset
 * time of an exhausted rate-limit window. {@link #STANDARD} knows OpenAI's
 * {@code x-ratelimit-reset-*} (Go durations such as {@code 6m0s}) and Anthropic's
 * {@code anthropic-ratelimit-*-reset} (RFC 3339 instants); a provider with headers of its
 * own adds them with {@link #withWindow(String, String)}.
 *
 * @author Fallback LLM contributors
 */
public final class RetryAfterHeaders {

	/** The windows of OpenAI and Anthropic, and of the many providers that copy them. */
	public static final RetryAfterHeaders STANDARD = new RetryAfterHeaders(List.of())
		.withWindow("x-ratelimit-remaining-requests", "x-ratelimit-reset-requests")
		.withWindow("x-ratelimit-remaining-tokens", "x-ratelimit-reset-tokens")
		.withWindow("anthropic-ratelimit-requests-remaining", "anthropic-ratelimit-requests-reset")
		.withWindow("anthropic-ratelimit-tokens-remaining", "anthropic-ratelimit-tokens-reset")
		.withWindow("anthropic-ratelimit-input-tokens-remaining", "anthropic-ratelimit-input-tokens-reset")
		.withWindow("anthropic-ratelimit-output-tokens-remaining", "anthropic-ratelimit-output-tokens-reset");

	private static final Pattern GO_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(h|ms|us|µs|ns|m|s)");

	/**
	 * A reset of at least 10^9 is no wait in seconds (that would be 30 years) but an
	 * epoch timestamp: in milliseconds from 10^12 on, else in seconds.
	 */
	private static final double EPOCH_SECONDS_FROM = 1e9;

	private static final double EPOCH_MILLIS_FROM = 1e12;

	/** Pairs of remaining-count and reset headers, one per rate-limit window. */
	private final List<String[]> windows;

	private RetryAfterHeaders(List<String[]> windows) {
		this.windows = windows;
	}

	/**
	 * Return these headers and one more rate-limit window. Its reset may be a Go
	 * duration, a number of seconds, an RFC 3339 instant or an epoch timestamp in seconds
	 * or milliseconds.
	 * @param remainingHeader the header that counts what is left in the window
	 * @param resetHeader the header that says when the window resets
	 * @return the extended headers
	 */
	public RetryAfterHeaders withWindow(String remainingHeader, String resetHeader) {
		List<String[]> windows = new ArrayList<>(this.windows);
		windows.add(new String[] { remainingHeader, resetHeader });
		return new RetryAfterHeaders(List.copyOf(windows));
	}

	/**
	 * Return how long the provider asked to wait.
	 * @param headers the response headers
	 * @param now the current time, for headers that name an instant
	 * @param rateLimited whether the response is a rate limit (429), the only case in
	 * which a rate-limit window's reset says when to come back: providers send those
	 * headers on every response
	 * @return the wait, or {@code null} when the headers name none
	 */
	public @Nullable Duration read(HttpHeaders headers, Instant now, boolean rateLimited) {
		Duration millis = seconds(headers.getFirst("retry-after-ms"), 0.001);
		if (millis != null) {
			return millis;
		}
		String retryAfter = headers.getFirst(HttpHeaders.RETRY_AFTER);
		Duration seconds = seconds(retryAfter, 1);
		if (seconds != null) {
			return seconds;
		}
		if (retryAfter != null) {
			Duration untilDate = until(httpDate(retryAfter), now);
			if (untilDate != null) {
				return untilDate;
			}
		}
		return rateLimited ? rateLimitReset(headers, now) : null;
	}

	/**
	 * Of the windows whose remaining count is zero, the one that resets last decides.
	 * When no remaining count is sent at all, the soonest reset does; when counts are
	 * sent but none is zero, no window explains the limit and none decides.
	 */
	private @Nullable Duration rateLimitReset(HttpHeaders headers, Instant now) {
		Duration exhausted = null;
		Duration soonest = null;
		boolean countsSent = false;
		for (String[] window : this.windows) {
			String remaining = headers.getFirst(window[0]);
			countsSent |= remaining != null;
			Duration reset = reset(headers.getFirst(window[1]), now);
			if (reset == null) {
				continue;
			}
			if ("0".equals(remaining)) {
				exhausted = (exhausted == null || reset.compareTo(exhausted) > 0) ? reset : exhausted;
			}
			soonest = (soonest == null || reset.compareTo(soonest) < 0) ? reset : soonest;
		}
		return (exhausted != null) ? exhausted : (countsSent ? null : soonest);
	}

	/** Read a window's reset, in any of the forms providers send. */
	static @Nullable Duration reset(@Nullable String value, Instant now) {
		if (value == null || value.isBlank()) {
			return null;
		}
		Duration go = goDuration(value.strip());
		if (go != null) {
			return go;
		}
		try {
			return until(Instant.parse(value.strip()), now);
		}
		catch (DateTimeParseException ex) {
			return secondsOrEpoch(value.strip(), now);
		}
	}

	private static @Nullable Duration secondsOrEpoch(String value, Instant now) {
		Duration seconds = seconds(value, 1);
		if (seconds == null || seconds.getSeconds() < EPOCH_SECONDS_FROM) {
			return seconds;
		}
		double epoch = Double.parseDouble(value);
		return until(Instant.ofEpochMilli((long) ((epoch >= EPOCH_MILLIS_FROM) ? epoch : epoch * 1000)), now);
	}

	/**
	 * Parse a Go duration as OpenAI sends it: {@code 1s}, {@code 12ms}, {@code 6m0s},
	 * {@code 1h2m3.5s}.
	 * @param value the text
	 * @return the duration, or {@code null} if the text is not one
	 */
	static @Nullable Duration goDuration(String value) {
		Matcher matcher = GO_DURATION.matcher(value);
		double nanos = 0;
		int end = 0;
		// Each part is matched where the last one ended: a search through a long header
		// for a part further on would take quadratic time.
		while (end < value.length() && matcher.region(end, value.length()).lookingAt()) {
			double amount = Double.parseDouble(matcher.group(1));
			nanos += amount * switch (matcher.group(2)) {
				case "h" -> 3_600e9;
				case "m" -> 60e9;
				case "s" -> 1e9;
				case "ms" -> 1e6;
				case "us", "µs" -> 1e3;
				default -> 1;
			};
			end = matcher.end();
		}
		return (end > 0 && end == value.length()) ? Duration.ofNanos((long) nanos) : null;
	}

	private static @Nullable Duration seconds(@Nullable String value, double unitSeconds) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			double amount = Double.parseDouble(value.strip());
			if (!Double.isFinite(amount) || amount < 0) {
				return null;
			}
			return Duration.ofNanos((long) (amount * unitSeconds * 1e9));
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static @Nullable Instant httpDate(String value) {
		try {
			return ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	private static @Nullable Duration until(@Nullable Instant instant, Instant now) {
		if (instant == null) {
			return null;
		}
		Duration wait = Duration.between(now, instant);
		return wait.isNegative() ? Duration.ZERO : wait;
	}

}
