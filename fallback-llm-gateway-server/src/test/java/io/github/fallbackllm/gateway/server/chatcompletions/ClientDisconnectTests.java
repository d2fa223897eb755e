package io.github.fallbackllm.gateway.server.chatcompletions;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Clients that go away from a stream around its first chunk, against a provider whose
 * stream never ends: every provider connection must close, and a client going away is no
 * error of the gateway's.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("stubs")
@ExtendWith(OutputCaptureExtension.class)
class ClientDisconnectTests {

	private static final int STREAMS = 400;

	private static final AtomicInteger openProviderConnections = new AtomicInteger();

	private static final AtomicInteger providerRequests = new AtomicInteger();

	/** Completed when the provider is about to send a stream's first chunk, by stream. */
	private static final Map<Integer, CompletableFuture<Void>> firstChunkDue = new ConcurrentHashMap<>();

	private static final Pattern STREAM_NUMBER = Pattern.compile("(?:stream|call) (\\d+)");

	/**
	 * Answers every stream with a first chunk, and lets its client know at that moment;
	 * then a chunk every 20 ms for ever, or whenever the gateway reads again. Answers a
	 * call that is not streamed with the start of a completion, then a space every 20 ms
	 * for ever: a body that never completes.
	 */
	private static final DisposableServer provider = HttpServer.create()
		.host("127.0.0.1")
		.port(0)
		.doOnConnection((connection) -> {
			openProviderConnections.incrementAndGet();
			connection.onDispose(openProviderConnections::decrementAndGet);
		})
		.route((routes) -> routes.post("/v1/chat/completions", (request, response) -> {
			providerRequests.incrementAndGet();
			Flux<String> events = Flux
				.just(chunk("{\"role\":\"assistant\",\"content\":\"\"}"), chunk("{\"content\":\"Hi\"}"))
				.concatWith(Flux.interval(Duration.ofMillis(20))
					.onBackpressureDrop()
					.map((tick) -> chunk("{\"content\":\" more\"}")));
			Flux<String> completion = Flux.just("{\"id\":\"chatcmpl-1\",")
				.concatWith(Flux.interval(Duration.ofMillis(20)).onBackpressureDrop().map((tick) -> " "));
			return request.receive().aggregate().asString().flatMapMany((body) -> {
				Matcher stream = STREAM_NUMBER.matcher(body);
				if (stream.find()) {
					firstChunkDue(Integer.parseInt(stream.group(1))).complete(null);
				}
				boolean streamed = body.contains("\"stream\": true");
				return response.header("Content-Type", streamed ? "text/event-stream" : "application/json")
					.send((streamed ? events : completion)
						.map((event) -> Unpooled.copiedBuffer(event, StandardCharsets.UTF_8)), (buffer) -> true);
			});
		}))
		.bindNow();

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void providers(DynamicPropertyRegistry registry) {
		registry.add("llm.fallback.providers[0].name", () -> "endless");
		registry.add("llm.fallback.providers[0].type", () -> "openai");
		registry.add("llm.fallback.providers[0].base-url", () -> "http://127.0.0.1:" + provider.port() + "/v1");
		registry.add("llm.fallback.providers[0].api-key", () -> "sk-test-endless0123456789");
		registry.add("llm.fallback.providers[0].models[0]", () -> "gpt-4o-mini");
		// A gateway without keys listens on loopback only.
		registry.add("server.address", () -> "127.0.0.1");
		// Only the client's going away may end these streams.
		registry.add("llm.fallback.stream.idle-timeout", () -> "1h");
	}

	@AfterAll
	static void stopProvider() {
		provider.disposeNow();
	}

	@Test
	void streamsAbortedAroundTheirFirstChunkCloseEveryProviderConnectionAndLogNoError(CapturedOutput output)
			throws Exception {
		ExecutorService clients = Executors.newFixedThreadPool(64);
		try {
			List<Future<?>> aborted = new ArrayList<>();
			for (int i = 0; i < STREAMS; i++) {
				int stream = i;
				aborted.add(clients.submit(() -> abortStream(stream)));
			}
			for (Future<?> future : aborted) {
				future.get();
			}
		}
		finally {
			clients.shutdownNow();
		}
		assertThat(providerRequests).hasValueGreaterThan(STREAMS / 2);
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(openProviderConnections).hasValue(0));
		assertThat(ownLog(output)).doesNotContain(" ERROR ")
			.doesNotContain("AbortedException")
			.doesNotContain("already committed");
	}

	@Test
	void callsAbortedWhileTheProviderAnswersCloseEveryProviderConnectionAndLogNoError(CapturedOutput output)
			throws Exception {
		runClients((call) -> abortCall(call));
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(openProviderConnections).hasValue(0));
		assertThat(ownLog(output)).doesNotContain(" ERROR ").doesNotContain("onErrorDropped");
	}

	@Test
	void clientsThatGoAwayWhileSendingTheirRequestLogNoError(CapturedOutput output) throws Exception {
		int before = providerRequests.get();
		runClients((call) -> abortBody(call));
		assertThat(providerRequests).hasValue(before);
		assertThat(ownLog(output)).doesNotContain(" ERROR ")
			.doesNotContain("AbortedException")
			.doesNotContain("onErrorDropped");
	}

	/**
	 * The output without Netty's leak reports, which name a buffer collected now but
	 * leaked by whichever test of this JVM allocated it: run alone with
	 * {@code -Dio.netty.leakDetection.level=paranoid}, these tests report none.
	 */
	private static String ownLog(CapturedOutput output) {
		return output.getAll()
			.lines()
			.filter((line) -> !line.contains("ResourceLeakDetector"))
			.collect(Collectors.joining("\n"));
	}

	private static void runClients(IntConsumer client) throws Exception {
		ExecutorService clients = Executors.newFixedThreadPool(64);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int i = 0; i < STREAMS; i++) {
				int call = i;
				done.add(clients.submit(() -> client.accept(call)));
			}
			for (Future<?> future : done) {
				future.get();
			}
		}
		finally {
			clients.shutdownNow();
		}
	}

	/**
	 * Send a request that is not streamed and go away while the provider is answering,
	 * after a few milliseconds, closing cleanly or with a reset.
	 */
	private void abortCall(int call) {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			byte[] body = ("{\"model\": \"any\", \"messages\": [{\"role\": \"user\", \"content\": \"call " + call
					+ "\"}]}")
				.getBytes(StandardCharsets.UTF_8);
			OutputStream out = socket.getOutputStream();
			out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
					+ "Content-Length: " + body.length + "\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.write(body);
			out.flush();
			if (call % 3 == 0) {
				awaitFirstChunkDue(call);
			}
			else {
				Thread.sleep(call % 11);
			}
			if (call % 2 == 0) {
				socket.setSoLinger(true, 0);
			}
		}
		catch (IOException ex) {
			// The server may already have given up on this client: that is gone, too.
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Send the headers and part of a request's body, and go away, closing cleanly or with
	 * a reset.
	 */
	private void abortBody(int call) {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			OutputStream out = socket.getOutputStream();
			out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
					+ "Content-Length: 1000\r\n\r\n{\"model\": \"any\", \"messages\": [")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			Thread.sleep(call % 5);
			if (call % 2 == 0) {
				socket.setSoLinger(true, 0);
			}
		}
		catch (IOException ex) {
			// The server may already have given up on this client: that is gone, too.
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Send a stream request and go away: as the provider sends the first chunk, a few
	 * milliseconds after the request, at the answer's first byte, or at the first event,
	 * closing cleanly or with a reset.
	 */
	private void abortStream(int stream) {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			socket.setSoTimeout(10_000);
			byte[] body = ("{\"model\": \"any\", \"stream\": true, "
					+ "\"messages\": [{\"role\": \"user\", \"content\": \"stream " + stream + "\"}]}")
				.getBytes(StandardCharsets.UTF_8);
			OutputStream out = socket.getOutputStream();
			out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
					+ "Content-Length: " + body.length + "\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.write(body);
			out.flush();
			InputStream in = socket.getInputStream();
			switch (stream % 4) {
				case 0 -> awaitFirstChunkDue(stream);
				case 1 -> Thread.sleep(stream % 7);
				case 2 -> in.read();
				default -> readUntil(in, "data: ");
			}
			if (stream % 2 == 0) {
				socket.setSoLinger(true, 0);
			}
		}
		catch (IOException ex) {
			// The server may already have given up on this client: that is gone, too.
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** The first requests of a cold gateway may take a while; go away in any case. */
	private static void awaitFirstChunkDue(int stream) throws InterruptedException {
		try {
			firstChunkDue(stream).get(30, TimeUnit.SECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			// Gone before the first chunk, then.
		}
	}

	private static CompletableFuture<Void> firstChunkDue(int stream) {
		return firstChunkDue.computeIfAbsent(stream, (key) -> new CompletableFuture<>());
	}

	private static void readUntil(InputStream in, String text) throws IOException {
		StringBuilder seen = new StringBuilder();
		int b;
		while ((b = in.read()) != -1) {
			seen.append((char) b);
			if (seen.indexOf(text) >= 0) {
				return;
			}
		}
	}

	private static String chunk(String delta) {
		return "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\","
				+ "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":null}]}\n\n";
	}

}
