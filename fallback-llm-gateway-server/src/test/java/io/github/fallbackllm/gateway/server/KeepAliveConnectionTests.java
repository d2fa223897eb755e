package io.github.fallbackllm.gateway.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

import io.github.fallbackllm.gateway.testsupport.StubbedProvidersApplicationTests;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.server.WebFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that reuses its connection is served however its earlier requests ended.
 * Reactor Netty 1.3.7 queues a request that arrives before the previous request's handler
 * has ended, and after serving it can stop reading the connection
 * (reactor/reactor-netty#4361); the auto-configuration's
 * {@code KeepAliveReadsEnvironmentPostProcessor} avoids the queue. Run with
 * {@code -Dreactor.netty.http.server.lastFlushWhenNoRead=false} and a third request is
 * never read.
 */
@Import(KeepAliveConnectionTests.EndsLateOffTheEventLoop.class)
class KeepAliveConnectionTests extends StubbedProvidersApplicationTests {

	private static final String OFF_LOOP = "x-test-off-loop";

	@LocalServerPort
	private int port;

	@Test
	void aKeepAliveConnectionIsReadAfterARequestWhoseHandlerEndedAfterItsResponse() throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(5_000);
			for (int i = 0; i < 10; i++) {
				// The first response is written off the event loop and its handler ends
				// later, so the second request arrives while it is still running.
				assertThat(exchange(socket, OFF_LOOP + ": true\r\n")).startsWith("HTTP/1.1 200");
				assertThat(exchange(socket, "")).startsWith("HTTP/1.1 200");
				assertThat(exchange(socket, "")).as("request %d read", 3 * i + 2).startsWith("HTTP/1.1 200");
			}
		}
	}

	/** Send a {@code GET /v1/models} and read its whole response. */
	private static String exchange(Socket socket, String headers) throws IOException {
		String request = "GET /v1/models HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer unused\r\n" + headers
				+ "\r\n";
		socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
		socket.getOutputStream().flush();
		InputStream in = socket.getInputStream();
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
			int next = in.read();
			assertThat(next).as("the response's head").isNotNegative();
			head.write(next);
		}
		String text = head.toString(StandardCharsets.US_ASCII);
		int length = Integer.parseInt(text.toLowerCase(Locale.ROOT).split("content-length: ")[1].split("\r\n")[0]);
		assertThat(in.readNBytes(length)).hasSize(length);
		return text;
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class EndsLateOffTheEventLoop {

		@Bean
		WebFilter endLateOffTheEventLoop() {
			return (exchange, chain) -> {
				if (exchange.getRequest().getHeaders().containsHeader(OFF_LOOP)) {
					return Mono.defer(() -> chain.filter(exchange))
						.subscribeOn(Schedulers.boundedElastic())
						.then(Mono.delay(Duration.ofMillis(100)))
						.then();
				}
				return chain.filter(exchange);
			};
		}

	}

}
