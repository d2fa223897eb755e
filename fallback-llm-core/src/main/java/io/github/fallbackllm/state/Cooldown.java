package io.github.fallbackllm.state;

import java.time.Instant;

import io.github.fallbackllm.chat.AttemptOutcome;

/**
 * Why and until when a target is skipped.
 *
 * @param until when calls may try it again
 * @param cause the failure that started the cooldown
 * @param detail what the provider said, redacted
 * @author Fallback LLM contributors
 */
public record Cooldown(Instant until, AttemptOutcome cause, String detail) {

	/**
	 * Return whether calls skip the target at the given time.
	 * @param now the time
	 * @return whether the cooldown is running
	 */
	public boolean isRunning(Instant now) {
		return this.until.isAfter(now);
	}

}
