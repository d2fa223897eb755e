package io.github.fallbackllm.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback server that writes raw bytes, for faults no HTTP framework will produce on
 * purpose: a body shorter than its Content-Length, then a TCP reset.
 */
public final class RawHttpServer implements AutoCloseable {

	private final ServerSocket socket;

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private RawHttpServer(Script script) throws IOException {
		this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.executor.execute(() -> {
			while (!this.socket.isClosed()) {
				try {
					Socket connection = this.socket.accept();
					this.executor.execute(() -> serve(connection, script));
				}
				catch (IOException ex) {
					return;
				}
			}
		});
	}

	public static RawHttpServer start(Script script) {
		try {
			return new RawHttpServer(script);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Script: send these bytes, then reset the connection (RST, not FIN). */
	public static RawHttpServer writeThenReset(String bytes) {
		return start((out, connection) -> {
			out.write(bytes.getBytes(StandardCharsets.UTF_8));
			out.flush();
			connection.setSoLinger(true, 0);
			connection.close();
		});
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.socket.getLocalPort() + "/v1";
	}

	private static void serve(Socket connection, Script script) {
		try (connection) {
			readRequest(connection.getInputStream());
			script.run(connection.getOutputStream(), connection);
		}
		catch (IOException ex) {
			// The client went away; nothing to serve.
		}
	}

	private static void readRequest(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int b;
		while ((b = in.read()) != -1) {
			head.write(b);
			String text = head.toString(StandardCharsets.ISO_8859_1);
			if (text.endsWith("\r\n\r\n")) {
				int length = contentLength(text);
				in.readNBytes(length);
				return;
			}
		}
	}

	private static int contentLength(String head) {
		for (String line : head.split("\r\n")) {
			if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
				return Integer.parseInt(line.substring("content-length:".length()).strip());
			}
		}
		return 0;
	}

	@Override
	public void close() {
		try {
			this.socket.close();
		}
		catch (IOException ex) {
			// Closing anyway.
		}
		this.executor.shutdownNow();
	}

	/**
	 * What the server writes on a connection, after reading the request.
	 */
	@FunctionalInterface
	public interface Script {

		void run(OutputStream out, Socket connection) throws IOException;

	}

}
