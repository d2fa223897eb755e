package io.github.fallbackllm.benchmarks.support;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Collects latencies from many threads without locks: values go into fixed-size chunks
 * allocated on demand, so recording costs an atomic increment and an array store.
 *
 * @author Fallback LLM contributors
 */
public final class LatencyRecorder {

	private static final int CHUNK_BITS = 16;

	private static final int CHUNK_SIZE = 1 << CHUNK_BITS;

	private static final int MAX_CHUNKS = 1024;

	private final AtomicInteger size = new AtomicInteger();

	private final AtomicReferenceArray<long[]> chunks = new AtomicReferenceArray<>(MAX_CHUNKS);

	/**
	 * Record one value.
	 * @param nanos the latency
	 */
	public void record(long nanos) {
		int index = this.size.getAndIncrement();
		int chunk = index >>> CHUNK_BITS;
		if (chunk >= MAX_CHUNKS) {
			return;
		}
		long[] values = this.chunks.get(chunk);
		if (values == null) {
			this.chunks.compareAndSet(chunk, null, new long[CHUNK_SIZE]);
			values = this.chunks.get(chunk);
		}
		values[index & (CHUNK_SIZE - 1)] = nanos;
	}

	/**
	 * Return the recorded values, sorted. Call once recording has stopped.
	 * @return the values in ascending order
	 */
	public long[] sorted() {
		int count = Math.min(this.size.get(), MAX_CHUNKS * CHUNK_SIZE);
		long[] all = new long[count];
		for (int i = 0; i < count; i += CHUNK_SIZE) {
			long[] values = this.chunks.get(i >>> CHUNK_BITS);
			int length = Math.min(CHUNK_SIZE, count - i);
			if (values != null) {
				System.arraycopy(values, 0, all, i, length);
			}
		}
		Arrays.sort(all);
		return all;
	}

}
