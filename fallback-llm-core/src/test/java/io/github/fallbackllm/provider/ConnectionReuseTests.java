package io.github.fallbackllm.provider;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.provider.openai.OpenAiLlmProvider;
import io.github.fallbackllm.testsupport.ProviderStubs;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

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
	void sequentialCompleteAnswersShareOneConnection() {
		Set<SocketAddress> connections = ConcurrentHashMap.newKeySet();
		DisposableServer server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.handle((request, response) -> request.receive()
				.then()
				.doOnSubscribe((subscription) -> connections.add(request.remoteAddress()))
				.then(response.header("Content-Type", "application/json")
					.sendString(Mono.just(ProviderStubs.openAiCompletion("gpt-4o", "Hi")))
					.then()))
			.bindNow();
		try {
			OpenAiLlmProvider provider = new OpenAiLlmProvider(
					new ProviderSettings("openai", "http://127.0.0.1:" + server.port() + "/v1",
							"sk-test-key-0123456789", List.of("gpt-4o"), Map.of(), 65536),
					WebClient.builder());
			for (int i = 0; i < 3; i++) {
				assertThat(provider.chat("gpt-4o", ChatRequest.of("Hello")).block(Duration.ofSeconds(10)).content())
					.isEqualTo("Hi");
			}
			assertThat(provider.listModels().onErrorReturn(List.of()).block(Duration.ofSeconds(10))).isNotNull();

			// A connection is known by the client's address: its port.
			assertThat(connections).hasSize(1);
		}
		finally {
			server.disposeNow();
		}
	}

}
