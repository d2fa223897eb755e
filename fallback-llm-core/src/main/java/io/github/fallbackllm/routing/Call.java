package io.github.fallbackllm.routing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

import io.github.fallbackllm.chat.Attempt;
import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.Capability;
import org.jspecify.annotations.Nullable;

/**
 * The progress of one chat call through the chain. Reactor serialises the signals of one
 * call, but they may come from different threads, and the attempts list is read while an
 * attempt may still be written, hence the synchronisation.
 *
 * @author Fallback LLM contributors
 */
final class Call {

	private final LongSupplier nanoTime;

	private final long startNanos;

	private final List<Attempt> attempts = new ArrayList<>(4);

	private final @Nullable Target forced;

	private final Set<Capability> required;

	private final long deadlineNanos;

	private volatile @Nullable List<Attempt> committed;

	private volatile @Nullable Throwable lastFailure;

	private long chunks;

	private long characters;

	/**
	 * @param forced the one target to try, without retry, when every target was cooling
	 * down as the call began
	 * @param required what a target must support to serve the call
	 * @param timeout the call's deadline, from now
	 * @param nanoTime the time source of the deadline
	 */
	Call(@Nullable Target forced, Set<Capability> required, Duration timeout, LongSupplier nanoTime) {
		this.nanoTime = nanoTime;
		this.startNanos = nanoTime.getAsLong();
		this.forced = forced;
		this.required = required;
		this.deadlineNanos = this.startNanos + timeout.toNanos();
	}

	Set<Capability> required() {
		return this.required;
	}

	boolean isForced(Target target) {
		return this.forced == target;
	}

	Duration elapsed() {
		return Duration.ofNanos(this.nanoTime.getAsLong() - this.startNanos);
	}

	/**
	 * Return the time left before the deadline.
	 * @return the time left, zero or negative when overdue
	 */
	Duration remaining() {
		return Duration.ofNanos(this.deadlineNanos - this.nanoTime.getAsLong());
	}

	boolean isOverdue() {
		return this.deadlineNanos - this.nanoTime.getAsLong() <= 0;
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

	/**
	 * Return whether an answer came from a target other than the first one the call
	 * tried: retries of the same target are not a fallback, skips are not tries.
	 */
	synchronized boolean isFallback(Attempt answer) {
		for (Attempt attempt : this.attempts) {
			if (attempt.outcome() != AttemptOutcome.SKIPPED && attempt.outcome() != AttemptOutcome.UNSUPPORTED) {
				return !attempt.target().equals(answer.target());
			}
		}
		return false;
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
