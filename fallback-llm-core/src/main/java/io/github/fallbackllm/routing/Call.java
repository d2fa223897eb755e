package io.github.fallbackllm.routing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.fallbackllm.chat.Attempt;
import org.jspecify.annotations.Nullable;

/**
 * The progress of one chat call through the chain. Reactor serialises the signals of one
 * call, but they may come from different threads, and the attempts list is read while an
 * attempt may still be written, hence the synchronisation.
 *
 * @author Fallback LLM contributors
 */
final class Call {

	private final long startNanos = System.nanoTime();

	private final List<Attempt> attempts = new ArrayList<>(4);

	private final @Nullable Target forced;

	private final long deadlineNanos;

	private volatile @Nullable List<Attempt> committed;

	private volatile @Nullable Throwable lastFailure;

	private long chunks;

	private long characters;

	/**
	 * @param forced the one target to try, without retry, when every target was cooling
	 * down as the call began
	 * @param timeout the call's deadline, from now
	 */
	Call(@Nullable Target forced, Duration timeout) {
		this.forced = forced;
		this.deadlineNanos = this.startNanos + timeout.toNanos();
	}

	boolean isForced(Target target) {
		return this.forced == target;
	}

	Duration elapsed() {
		return Duration.ofNanos(System.nanoTime() - this.startNanos);
	}

	/**
	 * Return the time left before the deadline.
	 * @return the time left, zero or negative when overdue
	 */
	Duration remaining() {
		return Duration.ofNanos(this.deadlineNanos - System.nanoTime());
	}

	boolean isOverdue() {
		return this.deadlineNanos - System.nanoTime() <= 0;
	}

	synchronized void record(Attempt attempt) {
		this.attempts.add(attempt);
	}

	/** Replace the attempt that was serving a stream with how it ended. */
	synchronized void replaceLast(Attempt attempt) {
		this.attempts.set(this.attempts.size() - 1, attempt);
	}

	synchronized List<Attempt> attempts() {
		return List.copyOf(this.attempts);
	}

	synchronized Attempt lastAttempt() {
		return this.attempts.get(this.attempts.size() - 1);
	}

	/**
	 * Mark the first item as delivered: from here on the call never switches target, and
	 * its attempts are final.
	 */
	void commit() {
		this.committed = attempts();
	}

	boolean isCommitted() {
		return this.committed != null;
	}

	/**
	 * Return the attempts as they were when the first item was delivered.
	 */
	List<Attempt> committedAttempts() {
		List<Attempt> frozen = this.committed;
		return (frozen != null) ? frozen : attempts();
	}

	void delivered(int characters) {
		this.chunks++;
		this.characters += characters;
	}

	long chunks() {
		return this.chunks;
	}

	long characters() {
		return this.characters;
	}

	void failedWith(Throwable failure) {
		this.lastFailure = failure;
	}

	@Nullable Throwable lastFailure() {
		return this.lastFailure;
	}

}
