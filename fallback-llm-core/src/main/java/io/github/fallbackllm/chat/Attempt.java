package io.github.fallbackllm.chat;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * One step of a chat call: a target that was called (or skipped) and what came of it.
 * Provider messages are redacted before they get here, so an attempt never holds a
 * secret.
 *
 * @param provider the provider name
 * @param model the model name, as configured
 * @param outcome what happened
 * @param httpStatus the HTTP status the provider answered with, if any
 * @param errorCode the provider's error {@code code} or {@code type}, if any
 * @param detail what the provider said, or why the target was skipped
 * @param action what to change to fix the failure, when it is a configuration problem
 * @param duration time spent on the attempt
 * @param cooldown how long the target is skipped from now on, if it was cooled down
 * @author Fallback LLM contributors
 */
public record Attempt(String provider, String model, AttemptOutcome outcome, @Nullable Integer httpStatus,
		@Nullable String errorCode, String detail, @Nullable String action, Duration duration,
		@Nullable Duration cooldown) {

	/**
	 * Return the target as {@code provider/model}.
	 * @return the target
	 */
	public String target() {
		return this.provider + "/" + this.model;
	}

	public boolean succeeded() {
		return this.outcome == AttemptOutcome.SUCCEEDED;
	}

	/**
	 * Describe the attempt on one line, for logs and error messages.
	 * @return the description
	 */
	public String describe() {
		StringBuilder line = new StringBuilder(target()).append(": ").append(this.outcome.description());
		if (this.outcome != AttemptOutcome.SKIPPED) {
			line.append(" (");
			if (this.httpStatus != null) {
				line.append("HTTP ").append(this.httpStatus).append(", ");
			}
			if (this.errorCode != null) {
				line.append(this.errorCode).append(", ");
			}
			line.append(Durations.format(this.duration)).append(')');
		}
		if (!this.detail.isEmpty()) {
			line.append(" - ").append(this.detail);
		}
		if (this.cooldown != null && this.outcome != AttemptOutcome.SKIPPED) {
			line.append(" [skipped for ").append(Durations.format(this.cooldown)).append(']');
		}
		if (this.action != null) {
			line.append(" -> ").append(this.action);
		}
		return line.toString();
	}

	@Override
	public String toString() {
		return describe();
	}

}
