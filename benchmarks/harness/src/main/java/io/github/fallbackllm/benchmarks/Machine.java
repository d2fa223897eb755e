package io.github.fallbackllm.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Where and how a run happened: hardware, operating system, JVM, command, date and load.
 *
 * @param command the command that produced the report
 * @param started when the run started
 * @param took how long it took
 * @param loadAtStart the load averages when it started
 * @param loadAtEnd the load averages when it ended
 * @author Fallback LLM contributors
 */
record Machine(String command, Instant started, Duration took, String loadAtStart, String loadAtEnd) {

	int cores() {
		return Runtime.getRuntime().availableProcessors();
	}

	String cpuModel() {
		return lines("/proc/cpuinfo").stream()
			.filter((line) -> line.startsWith("model name"))
			.map((line) -> line.substring(line.indexOf(':') + 1).trim())
			.findFirst()
			.orElse(System.getProperty("os.arch"));
	}

	String memory() {
		return lines("/proc/meminfo").stream()
			.filter((line) -> line.startsWith("MemTotal:"))
			.map((line) -> String.format(Locale.ROOT, "%.1f GiB",
					Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0))
			.findFirst()
			.orElse("unknown");
	}

	String operatingSystem() {
		String pretty = lines("/etc/os-release").stream()
			.filter((line) -> line.startsWith("PRETTY_NAME="))
			.map((line) -> line.substring("PRETTY_NAME=".length()).replace("\"", ""))
			.findFirst()
			.orElse("");
		return (pretty.isEmpty() ? "" : pretty + ", ") + System.getProperty("os.name") + " "
				+ System.getProperty("os.version") + " " + System.getProperty("os.arch");
	}

	String jvm() {
		return System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
				+ System.getProperty("java.vm.vendor") + ")";
	}

	/**
	 * Return the 1, 5 and 15 minute load averages.
	 * @return the averages, or "unknown"
	 */
	static String loadAverage() {
		List<String> lines = lines("/proc/loadavg");
		if (lines.isEmpty()) {
			return "unknown";
		}
		String[] parts = lines.get(0).split(" ");
		return parts[0] + " / " + parts[1] + " / " + parts[2];
	}

	private static List<String> lines(String file) {
		try {
			return Files.readAllLines(Path.of(file));
		}
		catch (IOException | RuntimeException ex) {
			return List.of();
		}
	}

}
