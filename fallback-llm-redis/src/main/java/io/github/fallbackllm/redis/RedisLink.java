package io.github.fallbackllm.redis;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.github.fallbackllm.chat.Durations;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.util.context.Context;

/**
 * Runs Redis commands off the callers' threads, each bounded in time, and keeps track of
 * outages: the first failure starts one, logged once; while it lasts, writes are skipped
 * and only the periodic resync asks Redis whether it is back.
 * <p>
 * Commands start on a thread of their own because Lettuce may connect synchronously on
 * the first command, and a chat call's thread must never wait for that.
 *
 * @author Fallback LLM contributors
 */
final class RedisLink {

	private static final Log logger = LogFactory.getLog(RedisTargetStateStore.class);

	/** Reactor's key of a subscriber's own handler of errors that come too late. */
	private static final String ON_ERROR_DROPPED = "reactor.onErrorDropped.local";

	/** Longest wait for the first connection, at start. */
	private static final Duration FIRST_CONNECTION = Duration.ofSeconds(5);

	private final Scheduler scheduler;

	private final Duration timeout;

	private final Clock clock;

	private final AtomicReference<RedisStoreStatus> status = new AtomicReference<>(RedisStoreStatus.CONNECTING);

	/**
	 * Outages begun so far: an answer to a command sent before the last one says nothing
	 * of now.
	 */
	private final AtomicLong outages = new AtomicLong();

	private volatile boolean closed;

	/** What is shared, as the outage's log lines name it. */
	private final String shared;

	RedisLink(Scheduler scheduler, Duration timeout, Clock clock) {
		this(scheduler, timeout, clock, "LLM target states");
	}

	RedisLink(Scheduler scheduler, Duration timeout, Clock clock, String shared) {
		this.scheduler = scheduler;
		this.timeout = timeout;
		this.clock = clock;
		this.shared = shared;
	}

	Scheduler scheduler() {
		return this.scheduler;
	}

	RedisStoreStatus status() {
		return this.status.get();
	}

	boolean isShared() {
		return this.status.get().shared();
	}

	/**
	 * Run a command unless Redis is known to be out.
	 * @return its result, or empty if it was skipped or failed
	 */
	<T> Mono<T> write(Supplier<Mono<T>> command) {
		return run(() -> isShared() ? command.get() : Mono.empty());
	}

	/**
	 * Run a command even during an outage, to learn whether Redis is back: its answer
	 * ends the outage.
	 * @return its result, or empty if it failed
	 */
	<T> Mono<T> probe(Supplier<Mono<T>> command) {
		return answering(command, this.timeout);
	}

	/**
	 * Run the first command, which connects: bounded by the time a connection may take
	 * rather than the short timeout of later commands. Its answer makes the state shared.
	 * @return its result, or empty if it failed
	 */
	<T> Mono<T> connect(Supplier<Mono<T>> command) {
		return answering(command, (FIRST_CONNECTION.compareTo(this.timeout) > 0) ? FIRST_CONNECTION : this.timeout);
	}

	private <T> Mono<T> answering(Supplier<Mono<T>> command, Duration timeout) {
		return Mono.defer(() -> {
			long outagesBefore = this.outages.get();
			return run(command, timeout).doOnNext((answer) -> answered(outagesBefore));
		});
	}

	private <T> Mono<T> run(Supplier<Mono<T>> command) {
		return run(command, this.timeout);
	}

	private <T> Mono<T> run(Supplier<Mono<T>> command, Duration timeout) {
		return Mono.defer(command).subscribeOn(this.scheduler).timeout(timeout).onErrorResume((failure) -> {
			lost(failure, timeout);
			return Mono.empty();
		})
			// A command that fails after its timeout fired has been reported already.
			.contextWrite(Context.of(ON_ERROR_DROPPED, (Consumer<Throwable>) (late) -> {
			}));
	}

	/**
	 * Record that Redis failed; the first failure of an outage is logged.
	 */
	void lost(Throwable failure) {
		lost(failure, this.timeout);
	}

	private void lost(Throwable failure, Duration timeout) {
		if (this.closed) {
			return;
		}
		RedisStoreStatus current = this.status.get();
		if (current != RedisStoreStatus.SHARED && current != RedisStoreStatus.CONNECTING) {
			return;
		}
		String problem = describe(failure, timeout);
		RedisStoreStatus out = new RedisStoreStatus(false, this.clock.instant(), problem);
		if (!this.status.compareAndSet(current, out)) {
			return;
		}
		this.outages.incrementAndGet();
		if (logger.isWarnEnabled()) {
			logger.warn("Redis is out (" + problem + "): " + this.shared + " continue on this instance's local copy, "
					+ "unshared, until Redis answers again");
		}
	}

	/**
	 * Stop: commands in flight finish, their failures unreported, and nothing new runs.
	 */
	void close() {
		this.closed = true;
		// Gracefully: interrupting a command that connects would only log its failure.
		this.scheduler.disposeGracefully().subscribe();
	}

	/**
	 * Record that Redis answered a command sent when the given number of outages had
	 * begun: the state is shared from now on, unless an outage began since, which an
	 * answer sent before it cannot end.
	 */
	private void answered(long outagesBefore) {
		RedisStoreStatus previous = this.status.get();
		if (this.outages.get() != outagesBefore || !this.status.compareAndSet(previous, RedisStoreStatus.SHARED)
				|| previous.shared() || previous == RedisStoreStatus.CONNECTING) {
			return;
		}
		if (logger.isInfoEnabled()) {
			logger.info("Redis answers again after "
					+ ((previous.since() != null)
							? Durations.format(Duration.between(previous.since(), this.clock.instant())) : "an outage")
					+ ": " + this.shared + " are shared again");
		}
	}

	/**
	 * Name a failure without its message, which may carry an address.
	 */
	private static String describe(Throwable failure, Duration timeout) {
		if (failure instanceof TimeoutException) {
			return "no answer within " + Durations.format(timeout);
		}
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return (root == failure) ? failure.getClass().getSimpleName()
				: failure.getClass().getSimpleName() + " caused by " + root.getClass().getSimpleName();
	}

}
