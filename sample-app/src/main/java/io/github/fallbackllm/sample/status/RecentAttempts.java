package io.github.fallbackllm.sample.status;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.github.fallbackllm.chat.Attempt;
import io.github.fallbackllm.event.FallbackListener;

import org.springframework.stereotype.Component;

/**
 * Keeps the last attempts and skips of every call, newest first, and counts calls,
 * fallbacks and failed calls, for the status page.
 *
 * @author Fallback LLM contributors
 */
@Component
class RecentAttempts implements FallbackListener {

	static final int CAPACITY = 20;

	private final Deque<Entry> entries = new ArrayDeque<>(CAPACITY);

	private final AtomicLong calls = new AtomicLong();

	private final AtomicLong fallbacks = new AtomicLong();

	private final AtomicLong failedCalls = new AtomicLong();

	private final Clock clock;

	RecentAttempts() {
		this(Clock.systemUTC());
	}

	RecentAttempts(Clock clock) {
		this.clock = clock;
	}

	@Override
	public void onAttemptFinished(AttemptFinished event) {
		add(event.attempt());
	}

	@Override
	public void onTargetSkipped(TargetSkipped event) {
		add(event.attempt());
	}

	@Override
	public void onCallSucceeded(CallSucceeded event) {
		this.calls.incrementAndGet();
		if (event.fallback()) {
			this.fallbacks.incrementAndGet();
		}
	}

	@Override
	public void onCallFailed(CallFailed event) {
		this.calls.incrementAndGet();
		this.failedCalls.incrementAndGet();
	}

	private void add(Attempt attempt) {
		Entry entry = new Entry(this.clock.millis(), attempt);
		synchronized (this.entries) {
			if (this.entries.size() == CAPACITY) {
				this.entries.removeLast();
			}
			this.entries.addFirst(entry);
		}
	}

	/**
	 * Return the last attempts, newest first.
	 * @return the attempts
	 */
	List<Entry> entries() {
		synchronized (this.entries) {
			return List.copyOf(this.entries);
		}
	}

	long calls() {
		return this.calls.get();
	}

	long fallbacks() {
		return this.fallbacks.get();
	}

	long failedCalls() {
		return this.failedCalls.get();
	}

	/**
	 * An attempt and when it ended.
	 *
	 * @param epochMilli when it ended
	 * @param attempt the attempt
	 */
	record Entry(long epochMilli, Attempt attempt) {
	}

}
