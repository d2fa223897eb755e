package io.github.fallbackllm.benchmarks.support;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Samples used heap every few milliseconds and keeps the highest value, as an estimate of
 * peak heap that does not depend on when the collector happened to run.
 *
 * @author Fallback LLM contributors
 */
public final class HeapSampler implements AutoCloseable {

	private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

	private final Thread thread;

	private volatile boolean running = true;

	private volatile long peakUsed;

	private volatile long peakCommitted;

	/**
	 * Start sampling.
	 */
	public HeapSampler() {
		this.thread = new Thread(this::sample, "heap-sampler");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	private void sample() {
		while (this.running) {
			var usage = MEMORY.getHeapMemoryUsage();
			this.peakUsed = Math.max(this.peakUsed, usage.getUsed());
			this.peakCommitted = Math.max(this.peakCommitted, usage.getCommitted());
			try {
				Thread.sleep(5);
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	public long peakUsedBytes() {
		return this.peakUsed;
	}

	public long peakCommittedBytes() {
		return this.peakCommitted;
	}

	/**
	 * Return the heap limit ({@code -Xmx}).
	 * @return bytes
	 */
	public static long maxBytes() {
		return MEMORY.getHeapMemoryUsage().getMax();
	}

	@Override
	public void close() {
		this.running = false;
		this.thread.interrupt();
	}

}
