package io.github.fallbackllm.benchmarks.support;

import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;

import com.sun.management.OperatingSystemMXBean;

/**
 * CPU time of this JVM process, all threads included (event loops, GC, JIT), which is
 * what a client library really costs the application that embeds it.
 *
 * @author Fallback LLM contributors
 */
public final class ProcessCpu {

	private static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory
		.getOperatingSystemMXBean();

	private ProcessCpu() {
	}

	/**
	 * Return a clock of another process's CPU time, all its threads included, as the
	 * operating system reports it (in clock ticks, 10 ms on Linux).
	 * @param pid the process
	 * @return nanoseconds used so far
	 * @throws IllegalStateException if the operating system does not report it
	 */
	public static LongSupplier of(long pid) {
		ProcessHandle process = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("No process " + pid));
		return () -> process.info()
			.totalCpuDuration()
			.orElseThrow(() -> new IllegalStateException("No CPU time for process " + pid))
			.toNanos();
	}

	/**
	 * Return the CPU time used by this process so far.
	 * @return nanoseconds
	 */
	public static long nanos() {
		return OS.getProcessCpuTime();
	}

}
