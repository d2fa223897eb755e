package io.github.fallbackllm.testsupport;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A loopback HTTP server whose every response is a script, for faults WireMock cannot
 * time precisely: streams cut after a given event, stalls between events, and clients
 * that hang up. Counts requests and sees connections close.
 */
public final class ScriptedServer implements AutoCloseable {

	private final DisposableServer server;

	private final AtomicInteger requests = new AtomicInteger();

	private final CountDownLatch closed = new CountDownLatch(1);

	private ScriptedServer(BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> script) {
		this.server = HttpServer.create().host("127.0.0.1").port(0).handle((request, response) -> {
			this.requests.incrementAndGet();
			response.withConnection((connection) -> connection.onDispose(this.closed::countDown));
			return request.receive().then().thenMany(Flux.defer(() -> script.apply(request, response)));
		}).bindNow();
	}

	public static ScriptedServer start(BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> script) {
		return new ScriptedServer(script);
	}

	/**
	 * Script: send these server-sent events, pausing between them, then end the response
	 * normally.
	 */
	public static ScriptedServer events(Duration pause, String... events) {
		return start((request, response) -> sse(response).sendString(paced(pause, events)).then());
	}

	/**
	 * Script: send these events, then drop the connection without ending the response.
	 */
	public static ScriptedServer eventsThenDrop(String... events) {
		return start((request, response) -> sse(response).sendString(Flux.fromArray(events))
			.then()
			.then(Mono.fromRunnable(() -> response.withConnection((connection) -> connection.channel().close()))));
	}

	public static HttpServerResponse sse(HttpServerResponse response) {
		return response.header("Content-Type", "text/event-stream");
	}

	public static Flux<String> paced(Duration pause, String... events) {
		return Flux.fromArray(events).concatMap((event) -> Mono.delay(pause).thenReturn(event));
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.port() + "/v1";
	}

	public int requests() {
		return this.requests.get();
	}

	/**
	 * Wait until the server sees a connection close.
	 * @param timeout how long to wait
	 * @return whether a connection closed in time
	 */
	public boolean awaitConnectionClosed(Duration timeout) throws InterruptedException {
		return this.closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public void close() {
		this.server.disposeNow();
	}

}
