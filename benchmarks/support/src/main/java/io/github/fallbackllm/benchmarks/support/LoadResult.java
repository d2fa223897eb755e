package io.github.fallbackllm.benchmarks.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one measured window saw: latencies of the calls that succeeded, errors, wall time
 * and process CPU time.
 *
 * @param latencies latencies of successful calls in nanoseconds, sorted
 * @param errors calls that failed
 * @param nanos length of the window
 * @param cpuNanos process CPU time spent during the window
 * @param errorSamples the first few failures, described
 * @author Fallback LLM contributors
 */
public record LoadResult(long[] latencies, long errors, long nanos, long cpuNanos, List<String> errorSamples) {

	public long calls() {
		return this.latencies.length;
	}

	/**
	 * Return successful calls per second.
	 * @return the throughput
	 */
	public double throughput() {
		return this.latencies.length / (this.nanos / 1e9);
	}

	/**
	 * Return a latency percentile in microseconds.
	 * @param percentile between 0 and 100
	 * @return the latency
	 */
	public double percentileMicros(double percentile) {
		return Stats.percentile(this.latencies, percentile) / 1e3;
	}

	/**
	 * Return the process CPU time per call, failed calls included.
	 * @return microseconds
	 */
	public double cpuPerCallMicros() {
		long all = this.latencies.length + this.errors;
		return (all != 0) ? this.cpuNanos / 1e3 / all : Double.NaN;
	}

	/**
	 * Return the figures as result fields.
	 * @return name to value
	 */
	public Map<String, Object> fields() {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("calls", calls());
		fields.put("errors", this.errors);
		fields.put("seconds", this.nanos / 1e9);
		fields.put("throughput", throughput());
		fields.put("p50Us", percentileMicros(50));
		fields.put("p99Us", percentileMicros(99));
		fields.put("cpuPerCallUs", cpuPerCallMicros());
		fields.put("cpuCores", this.cpuNanos / (double) this.nanos);
		if (!this.errorSamples.isEmpty()) {
			fields.put("error", this.errorSamples.get(0));
		}
		return fields;
	}

}
