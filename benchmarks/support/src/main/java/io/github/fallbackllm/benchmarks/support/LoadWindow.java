package io.github.fallbackllm.benchmarks.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

/**
 * The timeline of one load run: a warm-up whose calls are not counted, a measured window,
 * then a stop. Calls are counted when they complete inside the window, so a closed loop
 * measures its steady state rather than its ramp-up or drain.
 *
 * @author Fallback LLM contributors
 */
public final class LoadWindow {

	private static final int WARMUP = 0;

	private static final int MEASURE = 1;

	private static final int STOPPED = 2;

	private volatile int phase = WARMUP;

	private final LatencyRecorder latencies = new LatencyRecorder();

	private final LongAdder errors = new LongAdder();

	private final LongSupplier cpuNanos;

	private final List<String> errorSamples = new ArrayList<>();

	private long startNanos;

	private long endNanos;

	private long cpuStart;

	private long cpuEnd;

	/**
	 * Create a window that measures this JVM's CPU time.
	 */
	public LoadWindow() {
		this(ProcessCpu::nanos);
	}

	/**
	 * Create a window that measures the CPU time of another process, such as a server
	 * under load.
	 * @param cpuNanos the process's CPU time so far, in nanoseconds
	 */
	public LoadWindow(LongSupplier cpuNanos) {
		this.cpuNanos = cpuNanos;
	}

	/**
	 * Record a call that ended now.
	 * @param startNanos when it started, by {@link System#nanoTime()}
	 * @param error why it failed, or {@code null} if it succeeded
	 */
	public void completed(long startNanos, @Nullable Throwable error) {
		if (this.phase != MEASURE) {
			return;
		}
		if (error != null) {
			this.errors.increment();
			synchronized (this.errorSamples) {
				if (this.errorSamples.size() < 3) {
					this.errorSamples.add(Failures.describe(error));
				}
			}
			return;
		}
		this.latencies.record(System.nanoTime() - startNanos);
	}

	/**
	 * Return whether calls should keep being started.
	 * @return {@code false} once the window has closed
	 */
	public boolean running() {
		return this.phase != STOPPED;
	}

	/**
	 * Return whether the window is open, for callers that record figures of their own.
	 * @return whether completions now count
	 */
	public boolean measuring() {
		return this.phase == MEASURE;
	}

	/**
	 * Open the window now, for runs that measure from their first call.
	 */
	public void open() {
		this.cpuStart = this.cpuNanos.getAsLong();
		this.startNanos = System.nanoTime();
		this.phase = MEASURE;
	}

	/**
	 * Close the window now.
	 */
	public void close() {
		this.phase = STOPPED;
		this.endNanos = System.nanoTime();
		this.cpuEnd = this.cpuNanos.getAsLong();
	}

	/**
	 * Let the load warm up, measure it, then stop it.
	 * @param warmup time before the window opens
	 * @param measure length of the window
	 */
	public void runFor(Duration warmup, Duration measure) {
		sleep(warmup);
		open();
		sleep(measure);
		close();
	}

	/**
	 * Return what the window saw.
	 * @return the result
	 */
	public LoadResult result() {
		List<String> samples;
		synchronized (this.errorSamples) {
			samples = List.copyOf(this.errorSamples);
		}
		return new LoadResult(this.latencies.sorted(), this.errors.sum(), this.endNanos - this.startNanos,
				this.cpuEnd - this.cpuStart, samples);
	}

	static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

}
