package io.github.fallbackllm.redis.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * A {@code redis-server} process on a free loopback port, with a temporary directory and
 * no persistence. Used by the tests through {@link RedisServer} and by the benchmarks.
 *
 * @author Fallback LLM contributors
 */
public final class RedisServerProcess implements AutoCloseable {

	private static final Duration STARTUP = Duration.ofSeconds(10);

	private final String executable;

	private final Path directory;

	private final int port;

	private @Nullable Process process;

	private RedisServerProcess(String executable) throws IOException {
		this.executable = executable;
		this.directory = Files.createTempDirectory("fallback-llm-redis");
		this.port = freePort();
	}

	/**
	 * Start a server, if {@code redis-server} is on the {@code PATH}.
	 * @return the running server, or {@code null} if {@code redis-server} is not
	 * installed
	 */
	public static @Nullable RedisServerProcess startIfInstalled() {
		String executable = executable();
		if (executable == null) {
			return null;
		}
		try {
			RedisServerProcess server = new RedisServerProcess(executable);
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Return the port the server listens on, the same after a restart.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Start the server, empty, and wait until it answers.
	 */
	public void start() {
		try {
			Path directory = this.directory;
			this.process = new ProcessBuilder(this.executable, "--port", Integer.toString(this.port), "--bind",
					"127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory.toString())
				.redirectErrorStream(true)
				.redirectOutput(directory.resolve("redis.log").toFile())
				.start();
			long deadline = System.nanoTime() + STARTUP.toNanos();
			while (!"+PONG".equals(command("PING"))) {
				if (System.nanoTime() > deadline || !this.process.isAlive()) {
					throw new IllegalStateException(
							"redis-server did not start; see " + directory.resolve("redis.log"));
				}
				Thread.sleep(20);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Kill the server at once, as a crash would; its data is lost.
	 */
	public void stop() {
		Process running = this.process;
		if (running != null) {
			running.destroyForcibly();
			try {
				running.waitFor();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.process = null;
		}
	}

	/**
	 * Send one inline command and return its answer: a status, error or integer line as
	 * sent (such as {@code +PONG} or {@code :1}), a bulk string's value.
	 * @param command the command
	 * @return the answer, or {@code null} if the server does not answer or the bulk
	 * string is null
	 */
	public @Nullable String command(String command) {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			socket.setSoTimeout(1000);
			OutputStream out = socket.getOutputStream();
			out.write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
			out.flush();
			InputStream in = socket.getInputStream();
			String line = line(in);
			return (line.startsWith("$")) ? (line.equals("$-1") ? null : line(in)) : line;
		}
		catch (IOException ex) {
			return null;
		}
	}

	/**
	 * Return how many clients listen to a channel.
	 * @param channel the channel
	 * @return the number of subscribers
	 */
	public int subscribers(String channel) {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			socket.setSoTimeout(1000);
			socket.getOutputStream().write(("PUBSUB NUMSUB " + channel + "\r\n").getBytes(StandardCharsets.UTF_8));
			InputStream in = socket.getInputStream();
			for (int i = 0; i < 3; i++) {
				line(in); // *2, $<length>, <channel>
			}
			return Integer.parseInt(line(in).substring(1));
		}
		catch (IOException ex) {
			return 0;
		}
	}

	private static String line(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		for (int next = in.read(); next != -1 && next != '\r'; next = in.read()) {
			line.append((char) next);
		}
		in.read();
		return line.toString();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	/**
	 * Kill the server and delete its directory.
	 */
	@Override
	public void close() throws IOException {
		stop();
		try (Stream<Path> files = Files.walk(this.directory)) {
			files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
		}
	}

	private static @Nullable String executable() {
		String path = System.getenv("PATH");
		if (path == null) {
			return null;
		}
		for (String directory : path.split(File.pathSeparator)) {
			File candidate = new File(directory, "redis-server");
			if (candidate.canExecute()) {
				return candidate.getAbsolutePath();
			}
		}
		return null;
	}

}
