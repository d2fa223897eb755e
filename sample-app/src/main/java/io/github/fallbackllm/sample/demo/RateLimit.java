package io.github.fallbackllm.sample.demo;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

/**
 * A request budget of one request per window, whose first window is already spent when
 * the first request arrives: that request is always refused, so the demo's first call
 * shows a fallback however long the application took to start.
 *
 * @author Fallback LLM contributors
 */
final class RateLimit {

	private static final long NOT_STARTED = Long.MIN_VALUE;

	private final Duration window;

	private final LongSupplier nanoTime;

	private final AtomicLong nextAllowedNanos = new AtomicLong(NOT_STARTED);

	/**
	 * Create a rate limit.
	 * @param window the window of one request
	 * @param nanoTime a monotonic time source, such as {@code System::nanoTime}
	 */
	RateLimit(Duration window, LongSupplier nanoTime) {
		this.window = window;
		this.nanoTime = nanoTime;
	}

	Duration window() {
		return this.window;
	}

	/**
	 * Take the budget for one request.
	 * @return {@code null} if the request may go ahead, else how long until it may
	 */
	@Nullable Duration acquire() {
		while (true) {
			long now = this.nanoTime.getAsLong();
			long nextAllowed = this.nextAllowedNanos.get();
			if (nextAllowed == NOT_STARTED) {
				if (this.nextAllowedNanos.compareAndSet(NOT_STARTED, now + this.window.toNanos())) {
					return this.window;
				}
			}
			else if (now - nextAllowed < 0) {
				return Duration.ofNanos(nextAllowed - now);
			}
			else if (this.nextAllowedNanos.compareAndSet(nextAllowed, now + this.window.toNanos())) {
				return null;
			}
		}
	}

}
