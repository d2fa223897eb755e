package io.github.fallbackllm.sample.chat;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import io.github.fallbackllm.chat.Attempt;
import org.jspecify.annotations.Nullable;

/**
 * One attempt of a chat call as JSON: the fields of {@link Attempt}, durations in
 * milliseconds, and the one-line description the library logs.
 *
 * @param provider the provider name
 * @param model the model name
 * @param outcome what happened, such as {@code rate_limited} or {@code succeeded}
 * @param httpStatus the provider's HTTP status, if any
 * @param errorCode the provider's error code or type, if any
 * @param detail what the provider said (redacted), or why the target was skipped
 * @param action what to change, for configuration problems
 * @param durationMs time spent on the attempt
 * @param cooldownMs how long the target is skipped from now on, if it was cooled down
 * @param description the attempt on one line
 * @author Fallback LLM contributors
 */
public record AttemptView(String provider, String model, String outcome, @Nullable Integer httpStatus,
		@Nullable String errorCode, String detail, @Nullable String action, long durationMs, @Nullable Long cooldownMs,
		String description) {

	/**
	 * Describe an attempt.
	 * @param attempt the attempt
	 * @return the view
	 */
	public static AttemptView of(Attempt attempt) {
		Duration cooldown = attempt.cooldown();
		return new AttemptView(attempt.provider(), attempt.model(), attempt.outcome().name().toLowerCase(Locale.ROOT),
				attempt.httpStatus(), attempt.errorCode(), attempt.detail(), attempt.action(),
				attempt.duration().toMillis(), (cooldown != null) ? cooldown.toMillis() : null, attempt.describe());
	}

	/**
	 * Describe attempts.
	 * @param attempts the attempts
	 * @return the views, in the same order
	 */
	public static List<AttemptView> of(List<Attempt> attempts) {
		return attempts.stream().map(AttemptView::of).toList();
	}

}
