package io.github.fallbackllm.redis;

import java.time.Instant;

import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.state.Cooldown;
import org.jspecify.annotations.Nullable;

/**
 * A cooldown as Redis holds it: until when, and why as an outcome and an HTTP status.
 * Never what the provider said, which may echo a key or a prompt.
 *
 * @param until when calls may try the target again
 * @param cause the failure that started it
 * @param httpStatus its HTTP status, if any
 * @author Fallback LLM contributors
 */
record SharedCooldown(Instant until, AttemptOutcome cause, @Nullable Integer httpStatus) {

	private static final String NO_STATUS = "-";

	/**
	 * Return the cooldown as stored: {@code <until epoch millis> <outcome> <status|->}.
	 * The Lua scripts read the leading number.
	 */
	String encode() {
		return this.until.toEpochMilli() + " " + this.cause.name() + " "
				+ ((this.httpStatus != null) ? this.httpStatus : NO_STATUS);
	}

	/**
	 * Return whether this cooldown ends later than the given one, to the millisecond that
	 * Redis keeps.
	 */
	boolean endsAfter(Cooldown other) {
		return this.until.toEpochMilli() > other.until().toEpochMilli();
	}

	/**
	 * Return whether the given cooldown ends later than this one, to the millisecond.
	 */
	boolean endsBefore(Cooldown other) {
		return other.until().toEpochMilli() > this.until.toEpochMilli();
	}

	/**
	 * Return the cooldown in the local copy, described by its outcome and status only.
	 */
	Cooldown toCooldown() {
		return new Cooldown(this.until, this.cause, this.cause.description()
				+ ((this.httpStatus != null) ? " (HTTP " + this.httpStatus + ")" : "") + ", seen by another instance");
	}

	/**
	 * Parse what {@link #encode()} wrote.
	 * @return the cooldown, or {@code null} if the text is not one
	 */
	static @Nullable SharedCooldown parse(@Nullable String text) {
		if (text == null) {
			return null;
		}
		String[] parts = text.split(" ", 3);
		if (parts.length != 3) {
			return null;
		}
		try {
			Integer status = NO_STATUS.equals(parts[2]) ? null : Integer.valueOf(parts[2]);
			return new SharedCooldown(Instant.ofEpochMilli(Long.parseLong(parts[0])), AttemptOutcome.valueOf(parts[1]),
					status);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
