package io.github.fallbackllm.routing.selection;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What traffic has measured on one target, in this JVM's memory: calls in flight, and the
 * time to its first byte (a complete answer) or first chunk (a stream), as a moving
 * average and as the last {@value #RECENT} samples for quantiles. The router feeds it;
 * strategies and hedging read it.
 *
 * @author Fallback LLM contributors
 */
public final class TargetStats {

	/** Weight of the newest sample: the average follows about the last ten. */
	private static final double NEWEST = 0.2;

	private static final long UNMEASURED = -1;

	/** The samples quantiles are taken over: a p95 moves within six slow calls. */
	static final int RECENT = 100;

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicLong latencyNanos = new AtomicLong(UNMEASURED);

	private final long[] recent = new long[RECENT];

	private int samples;

	/**
	 * Return the calls that are using the target now.
	 * @return the count
	 */
	public int inFlight() {
		return this.inFlight.get();
	}

	/**
	 * Return whether the target's latency has been measured.
	 * @return whether a first byte or chunk has been seen
	 */
	public boolean isMeasured() {
		return this.latencyNanos.get() != UNMEASURED;
	}

	/**
	 * Return the moving average of the time to the first byte or chunk.
	 * @return the average in nanoseconds, or {@link Long#MAX_VALUE} if not measured
	 */
	public long latencyNanos() {
		long latency = this.latencyNanos.get();
		return (latency != UNMEASURED) ? latency : Long.MAX_VALUE;
	}

	/**
	 * A call started using the target.
	 */
	public void started() {
		this.inFlight.incrementAndGet();
	}

	/**
	 * A call stopped using the target, however it ended.
	 */
	public void ended() {
		this.inFlight.decrementAndGet();
	}

	/**
	 * The target delivered its first byte or chunk.
	 * @param nanos the time since the request
	 */
	public void measured(long nanos) {
		long current;
		long next;
		do {
			current = this.latencyNanos.get();
			next = (current == UNMEASURED) ? nanos : current + (long) (NEWEST * (nanos - current));
		}
		while (!this.latencyNanos.compareAndSet(current, next));
		synchronized (this.recent) {
			this.recent[this.samples++ % RECENT] = nanos;
			if (this.samples == 2 * RECENT) {
				this.samples = RECENT;
			}
		}
	}

	/**
	 * Return a quantile of the recent times to the first byte or chunk.
	 * @param quantile the quantile, such as {@code 0.95}
	 * @param minSamples the fewest samples worth a quantile
	 * @return the quantile in nanoseconds, or {@code -1} with fewer samples
	 */
	public long recentQuantileNanos(double quantile, int minSamples) {
		long[] sorted;
		synchronized (this.recent) {
			int count = Math.min(this.samples, RECENT);
			if (count < Math.max(1, minSamples)) {
				return -1;
			}
			sorted = Arrays.copyOf(this.recent, count);
		}
		Arrays.sort(sorted);
		int rank = (int) Math.ceil(quantile * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
	}

}
