package io.github.fallbackllm.state;

import java.time.Instant;

import io.github.fallbackllm.chat.AttemptOutcome;
import org.jspecify.annotations.Nullable;

/**
 * A failure seen on a target.
 *
 * @param at when it happened
 * @param outcome its classification
 * @param httpStatus the HTTP status, if any
 * @param detail what the provider said, redacted
 * @author Fallback LLM contributors
 */
public record Failure(Instant at, AttemptOutcome outcome, @Nullable Integer httpStatus, String detail) {

	/**
	 * Return the failure on one line.
	 * @return the description
	 */
	public String describe() {
		return this.outcome.description() + ((this.httpStatus != null) ? " (HTTP " + this.httpStatus + ")" : "")
				+ (this.detail.isEmpty() ? "" : ": " + this.detail);
	}

}
