package io.github.fallbackllm.chat;

import java.time.Duration;
import java.util.Locale;

/**
 * Formats durations the way people read them in error messages: {@code 850 ms},
 * {@code 1.2 s}, {@code 18 s}, {@code 5 min}.
 *
 * @author Fallback LLM contributors
 */
public final class Durations {

	private Durations() {
	}

	public static String format(Duration duration) {
		long millis = duration.toMillis();
		if (millis < 1000) {
			return millis + " ms";
		}
		if (millis < 10_000) {
			return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
		}
		long seconds = Math.round(millis / 1000.0);
		if (seconds < 120) {
			return seconds + " s";
		}
		return Math.round(seconds / 60.0) + " min";
	}

}
