package io.github.fallbackllm.chat;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when no target of the chain produced an answer: each failed, was skipped while
 * cooling down, or the call's deadline ran out. The message lists every attempt in order,
 * with what the provider answered and, for configuration problems, the property to fix.
 *
 * @author Fallback LLM contributors
 */
public class AllProvidersFailedException extends FallbackChatException {

	private final @Nullable Duration retryAfter;

	/**
	 * Create a new instance.
	 * @param headline what went wrong overall, e.g. "All 3 LLM targets failed"
	 * @param attempts the attempts, in order
	 * @param retryAfter when the soonest cooling target is expected back, if known
	 * @param cause the last failure
	 */
	public AllProvidersFailedException(String headline, List<Attempt> attempts, @Nullable Duration retryAfter,
			@Nullable Throwable cause) {
		super(headline + ":" + numbered(attempts) + footer(retryAfter), attempts, cause);
		this.retryAfter = retryAfter;
	}

	private static String footer(@Nullable Duration retryAfter) {
		return (retryAfter != null) ? "\nThe soonest target is expected back in " + Durations.format(retryAfter) + "."
				: "";
	}

	/**
	 * Return how long until the soonest cooling target is expected back; a caller may
	 * wait this long before trying again, and a gateway may send it as
	 * {@code Retry-After}.
	 * @return the wait, or {@code null} when no target is cooling down
	 */
	public @Nullable Duration getRetryAfter() {
		return this.retryAfter;
	}

}
