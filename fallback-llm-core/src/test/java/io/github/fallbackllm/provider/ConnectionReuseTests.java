package io.github.fallbackllm.provider;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.provider.openai.OpenAiLlmProvider;
import io.github.fallbackllm.testsupport.ProviderStubs;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionPoolMetrics;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Complete answers leave their connection in the pool: a provider that cancelled the
 * exchange after its answer would close the connection and pay a new one per call.
 *
 * @author Fallback LLM contributors
 */
class ConnectionReuseTests {

	@Test
	void eachCompleteAnswerReturnsItsConnectionToThePoolAndTheNextCallReusesIt() {
		Set<SocketAddress> clientPorts = ConcurrentHashMap.newKeySet();
		DisposableServer server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.handle((request, response) -> request.receive()
				.then()
				.doOnSubscribe((subscription) -> clientPorts.add(request.remoteAddress()))
				.then(response.header("Content-Type", "application/json")
					.sendString(Mono.just(ProviderStubs.openAiCompletion("gpt-4o", "Hi")))
					.then()))
			.bindNow();
		AtomicReference<ConnectionPoolMetrics> pool = new AtomicReference<>();
		ConnectionProvider connections = ConnectionProvider.builder("reuse")
			.maxConnections(1)
			.metrics(true, () -> (poolName, id, remoteAddress, metrics) -> pool.set(metrics))
			.build();
		try {
			OpenAiLlmProvider provider = new OpenAiLlmProvider(
					new ProviderSettings("openai", "http://127.0.0.1:" + server.port() + "/v1",
							"sk-test-key-0123456789", List.of("gpt-4o"), Map.of(), 65536),
					WebClient.builder()
						.clientConnector(new ReactorClientHttpConnector(HttpClient.create(connections))));
			for (int i = 0; i < 3; i++) {
				assertThat(provider.chat("gpt-4o", ChatRequest.of("Hello")).block(Duration.ofSeconds(10)).content())
					.isEqualTo("Hi");
				// The release follows the answer on the event loop: wait for it, bounded.
				// A connection closed after a cancel never comes back idle.
				assertThat(idleSoon(pool)).as("connection back in the pool after call " + i).isTrue();
			}
			// A connection is known by the client's address: its port.
			assertThat(clientPorts).hasSize(1);
		}
		finally {
			connections.disposeLater().block(Duration.ofSeconds(5));
			server.disposeNow();
		}
	}

	private static boolean idleSoon(AtomicReference<ConnectionPoolMetrics> pool) {
		return Mono.fromSupplier(() -> pool.get() != null && pool.get().idleSize() == 1)
			.filter(Boolean::booleanValue)
			.repeatWhenEmpty((attempts) -> attempts.delayElements(Duration.ofMillis(10)))
			.timeout(Duration.ofSeconds(5), Mono.just(false))
			.block();
	}

}
