package io.github.fallbackllm.benchmarks.support;

import java.lang.management.ManagementFactory;

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
	 * Return the CPU time used by this process so far.
	 * @return nanoseconds
	 */
	public static long nanos() {
		return OS.getProcessCpuTime();
	}

}
