package io.github.fallbackllm.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.fallbackllm.benchmarks.support.ProcessCpu;
import io.github.fallbackllm.benchmarks.support.Results;

/**
 * A JVM the harness starts to run one client or scenario, so that each measurement owns
 * its process: its class path, its heap limit and its CPU time. Result lines on its
 * standard output are collected; everything it prints goes to a log file.
 *
 * @author Fallback LLM contributors
 */
final class ChildJvm {

	private final String name;

	private final Process process;

	private final Thread reader;

	private final List<Map<String, String>> results = new ArrayList<>();

	private final Path log;

	private final long startNanos = System.nanoTime();

	private final long startCpuNanos = ProcessCpu.nanos();

	private ChildJvm(String name, Process process, Path log) {
		this.name = name;
		this.process = process;
		this.log = log;
		this.reader = new Thread(this::read, "child-" + name);
		this.reader.setDaemon(true);
		this.reader.start();
	}

	/**
	 * Start a JVM.
	 * @param name a name for logs
	 * @param jvmOptions options such as {@code -Xmx256m}
	 * @param launch what to run: {@code -cp jar main-class} or {@code -jar jar}
	 * @param arguments the program arguments
	 * @param logs the directory for the log file
	 * @return the running JVM
	 */
	static ChildJvm start(String name, List<String> jvmOptions, List<String> launch, List<String> arguments,
			Path logs) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		command.addAll(launch);
		command.addAll(arguments);
		try {
			Files.createDirectories(logs);
			Path log = logs.resolve(name + ".log");
			Files.writeString(log, String.join(" ", command) + System.lineSeparator());
			Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
				.start();
			return new ChildJvm(name, process, log);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot start " + name, ex);
		}
	}

	private void read() {
		try (BufferedReader lines = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8));
				PrintWriter out = new PrintWriter(
						Files.newBufferedWriter(this.log, StandardCharsets.UTF_8, StandardOpenOption.APPEND))) {
			String line;
			while ((line = lines.readLine()) != null) {
				out.println(line);
				out.flush();
				Map<String, String> result = Results.parse(line);
				if (result != null) {
					synchronized (this.results) {
						this.results.add(result);
						this.results.notifyAll();
					}
				}
			}
		}
		catch (IOException ex) {
			// The process ended; what it printed so far is kept.
		}
	}

	/**
	 * Return the JVM's process id.
	 * @return the pid
	 */
	long pid() {
		return this.process.pid();
	}

	/**
	 * Return whether the JVM is still running.
	 * @return whether it is alive
	 */
	boolean alive() {
		return this.process.isAlive();
	}

	/**
	 * Return the file its output goes to.
	 * @return the log file
	 */
	Path log() {
		return this.log;
	}

	/**
	 * Stop a JVM that serves rather than exits, such as an application under load: ask it
	 * to shut down, then kill it if it has not within ten seconds.
	 */
	void stop() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
			this.reader.join(5000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

	/**
	 * Send one line to the JVM's standard input.
	 * @param line the line
	 */
	void send(String line) {
		try {
			this.process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
			this.process.getOutputStream().flush();
		}
		catch (IOException ex) {
			throw new IllegalStateException(this.name + " does not read its input; see " + this.log, ex);
		}
	}

	/**
	 * Wait until the JVM has printed a number of results.
	 * @param count the results to wait for, in all
	 * @param timeout the longest wait
	 * @throws IllegalStateException if they did not come in time
	 */
	void awaitResults(int count, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.results) {
			while (this.results.size() < count) {
				long left = deadline - System.nanoTime();
				if (left <= 0 || !this.process.isAlive() && this.results.size() < count) {
					throw new IllegalStateException(this.name + " printed " + this.results.size() + " of " + count
							+ " results; see " + this.log);
				}
				try {
					this.results.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 1000)));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException("Interrupted", ex);
				}
			}
		}
	}

	/**
	 * Wait for the JVM to exit, killing it after the timeout. Its standard input is
	 * closed first, which ends a JVM that waits for more input. Each result gets a
	 * {@code stubCores} field: the CPU this (the stub's) JVM used while the child ran, in
	 * cores, to show how much of the machine the other side of the loopback took.
	 * @param timeout the longest wait
	 * @return its results
	 * @throws IllegalStateException if it failed or timed out without a result
	 */
	List<Map<String, String>> await(Duration timeout) {
		try {
			try {
				this.process.getOutputStream().close();
			}
			catch (IOException ex) {
				// Already gone: nothing to end.
			}
			boolean exited = this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
			if (!exited) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
			this.reader.join(5000);
			String stubCores = String
				.valueOf((ProcessCpu.nanos() - this.startCpuNanos) / (double) (System.nanoTime() - this.startNanos));
			List<Map<String, String>> collected = new ArrayList<>();
			synchronized (this.results) {
				for (Map<String, String> result : this.results) {
					Map<String, String> withStub = new LinkedHashMap<>(result);
					withStub.put("stubCores", stubCores);
					collected.add(withStub);
				}
			}
			if (!exited || this.process.exitValue() != 0) {
				String why = exited ? "exited with " + this.process.exitValue() : "timed out after " + timeout;
				System.out.printf("  ! %s %s; see %s%n", this.name, why, this.log);
				if (collected.isEmpty()) {
					throw new IllegalStateException(this.name + " " + why + " without results; see " + this.log);
				}
			}
			return collected;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

}
