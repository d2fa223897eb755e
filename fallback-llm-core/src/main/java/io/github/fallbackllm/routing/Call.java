package io.github.fallbackllm.routing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

import io.github.fallbackllm.budget.OverBudget;
import io.github.fallbackllm.chat.Attempt;
import io.github.fallbackllm.chat.TokenUsage;
import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.routing.selection.Candidate;
import io.github.fallbackllm.routing.selection.SelectionContext;
import org.jspecify.annotations.Nullable;

/**
 * The progress of one call through its route: which group it is in, the order its
 * selector chose, and the attempts so far. Reactor serialises the signals of one call,
 * but they may come from different threads, and the attempts list is read while an
 * attempt may still be written, hence the synchronisation.
 *
 * @author Fallback LLM contributors
 */
final class Call implements SelectionContext {

	private static final int[] NO_ORDER = {};

	private final RoutePlan route;

	private final Ask ask;

	private final Clock clock;

	private final LongSupplier nanoTime;

	private final long startNanos;

	private final List<Attempt> attempts = new ArrayList<>(4);

	private final @Nullable Target forced;

	private final long deadlineNanos;

	private volatile @Nullable List<Attempt> committed;

	/** The try whose answer the call took. */
	private volatile @Nullable Try winner;

	/** The tries waiting for a first byte or chunk, several when the call hedges. */
	private final List<Try> running = new ArrayList<>(2);

	/** The target the call reached last. */
	private @Nullable Target picked;

	private volatile @Nullable Throwable lastFailure;

	private long chunks;

	/** The call's estimated tokens, once a budget asked; {@code -1} before. */
	private volatile long estimatedTokens = -1;

	/** When the call last took budget from the target it is trying. */
	private volatile @Nullable Instant budgetTakenAt;

	private long characters;

	/** The group being tried, and the position in its order of the next target. */
	private int group = -1;

	private int[] order = NO_ORDER;

	private int position;

	/**
	 * The time "usable" is judged against while a group is ordered, read once and only if
	 * the selector asks.
	 */
	private @Nullable Instant orderedAt;

	/**
	 * @param route the route
	 * @param ask what the call asks of targets
	 * @param timeout the call's deadline, from now
	 * @param nanoTime the time source of the deadline
	 * @param clock the time source of cooldowns
	 */
	Call(RoutePlan route, Ask ask, Duration timeout, LongSupplier nanoTime, Clock clock) {
		this.route = route;
		this.ask = ask;
		this.clock = clock;
		this.nanoTime = nanoTime;
		this.startNanos = nanoTime.getAsLong();
		this.forced = route.forcedTarget(ask::servedBy, clock.instant());
		this.deadlineNanos = this.startNanos + timeout.toNanos();
	}

	RoutePlan route() {
		return this.route;
	}

	@Override
	public @Nullable ChatRequest request() {
		return this.ask.chat();
	}

	@Override
	public boolean isUsable(Candidate candidate) {
		if (!(candidate instanceof Target target) || !this.ask.servedBy(target)) {
			return false;
		}
		Instant now = this.orderedAt;
		if (now == null) {
			now = this.clock.instant();
			this.orderedAt = now;
		}
		return !target.isBlocked(now) && target.budget().check(now, estimatedTokens(target)) == null;
	}

	@Override
	public double headroom(Candidate candidate) {
		Instant now = this.orderedAt;
		return (candidate instanceof Target target)
				? target.budget().headroom((now != null) ? now : this.clock.instant()) : 1.0;
	}

	/**
	 * Take the call's share of a target's budget.
	 * @return {@code null} when taken, else the limit that would be broken
	 */
	@Nullable OverBudget takeBudget(Target target, Instant now) {
		OverBudget refused = target.budget().tryAcquire(now, estimatedTokens(target));
		if (refused == null) {
			this.budgetTakenAt = now;
		}
		return refused;
	}

	/** Correct the tokens taken from the target's budget with those the answer used. */
	void settleBudget(Target target, TokenUsage usage, Instant now) {
		Instant takenAt = this.budgetTakenAt;
		if (takenAt != null && target.budget().tpm() > 0) {
			target.budget().settle(takenAt, now, estimatedTokens(target), usage.totalTokens());
		}
	}

	/** Estimated once per call, and only for a budget that counts tokens. */
	private long estimatedTokens(Target target) {
		if (!target.budget().countsTokens()) {
			return 0;
		}
		if (this.estimatedTokens < 0) {
			this.estimatedTokens = this.ask.estimatedTokens();
		}
		return this.estimatedTokens;
	}

	Ask ask() {
		return this.ask;
	}

	/**
	 * Return the next target to try: the next of the current group's order, else the
	 * first of the next group's, as its selector orders them.
	 * @return the target, or {@code null} when the route is exhausted
	 */
	synchronized @Nullable Target next() {
		while (this.position >= this.order.length) {
			if (++this.group >= this.route.groupCount()) {
				return null;
			}
			RoutePlan.Group next = this.route.group(this.group);
			this.orderedAt = null;
			this.order = next.selector().select(next.view(), this);
			this.position = 0;
		}
		Target next = this.route.group(this.group).targets().get(this.order[this.position++]);
		this.picked = next;
		return next;
	}

	/**
	 * Return the target the call reached last, which its latest try is on.
	 */
	synchronized @Nullable Target picked() {
		return this.picked;
	}

	/**
	 * Return whether a target the call has not reached yet could serve it now.
	 */
	synchronized boolean hasUsableTargetLeft(Instant now) {
		if (this.group >= 0 && this.group < this.route.groupCount()) {
			List<Target> targets = this.route.group(this.group).targets();
			for (int i = this.position; i < this.order.length; i++) {
				if (usable(targets.get(this.order[i]), now)) {
					return true;
				}
			}
		}
		for (int later = this.group + 1; later < this.route.groupCount(); later++) {
			for (Target target : this.route.group(later).targets()) {
				if (usable(target, now)) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * Return whether the call has targets left to reach, usable or not.
	 */
	synchronized boolean hasTargetsLeft() {
		return this.position < this.order.length || this.group + 1 < this.route.groupCount();
	}

	private boolean usable(Target target, Instant now) {
		return this.ask.servedBy(target) && !target.isBlocked(now)
				&& target.budget().check(now, estimatedTokens(target)) == null;
	}

	Instant now() {
		return this.clock.instant();
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
	 * Start a try on a target, unless the call already has its answer.
	 * @return the try, or {@code null} when a hedge of the call has answered
	 */
	synchronized @Nullable Try start(Target target) {
		if (this.committed != null) {
			return null;
		}
		Try started = new Try(target, this.nanoTime.getAsLong());
		this.running.add(started);
		return started;
	}

	/** A try ended, however. */
	synchronized void end(Try ended) {
		this.running.remove(ended);
	}

	/**
	 * Take a try's first item as the call's answer: from here on the call never switches
	 * target, and its attempts are final. Any other try still waiting is hedged out,
	 * recorded before the answer.
	 * @param answering the try that delivered the item
	 * @param answer its attempt
	 * @return the tries hedged out, or {@code null} when another try answered first
	 */
	synchronized @Nullable List<Attempt> commit(Try answering, Attempt answer) {
		if (this.committed != null) {
			return null;
		}
		List<Attempt> hedgedOut = new ArrayList<>(0);
		long now = this.nanoTime.getAsLong();
		for (Try other : this.running) {
			if (other != answering) {
				Duration waited = Duration.ofNanos(now - other.startNanos());
				// What the loser waited is a lower bound of its latency: better than
				// none.
				other.target().stats().measured(waited.toNanos());
				hedgedOut.add(new Attempt(other.target().provider(), other.target().model(), AttemptOutcome.HEDGED_OUT,
						null, null, "", null, waited, null));
			}
		}
		this.attempts.addAll(hedgedOut);
		this.attempts.add(answer);
		this.winner = answering;
		this.committed = List.copyOf(this.attempts);
		return hedgedOut;
	}

	boolean isCommitted() {
		return this.committed != null;
	}

	/**
	 * Return whether the call took its answer from this try.
	 */
	boolean isCommittedTo(Try answering) {
		return this.winner == answering;
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

	/**
	 * One try of a target, from its request to its end; each is its own, hence no
	 * equality by value.
	 */
	static final class Try {

		private final Target target;

		private final long startNanos;

		Try(Target target, long startNanos) {
			this.target = target;
			this.startNanos = startNanos;
		}

		Target target() {
			return this.target;
		}

		long startNanos() {
			return this.startNanos;
		}

	}

}
