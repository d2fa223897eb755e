package io.github.fallbackllm.provider;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.ChatChunk;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.provider.anthropic.AnthropicLlmProvider;
import io.github.fallbackllm.provider.openai.OpenAiLlmProvider;
import io.github.fallbackllm.testsupport.ProviderStubs;
import io.github.fallbackllm.testsupport.RawHttpServer;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * A stream that breaks after some complete events delivers every one of them before the
 * error, also to a subscriber whose demand arrives after the connection broke: no
 * operator between the provider's bytes and the chunks may drop what it holds when an
 * error overtakes it.
 */
class StreamBreakTests {

	private static final String HEAD = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
			+ "Transfer-Encoding: chunked\r\n\r\n";

	@Test
	void openAiTextSentBeforeAResetReachesALateSubscriberBeforeTheError() throws InterruptedException {
		String events = ProviderStubs.openAiDelta("Hel") + ProviderStubs.openAiDelta("lo");
		try (RawHttpServer server = RawHttpServer.writeThenReset(HEAD + chunk(events))) {
			CountDownLatch broken = new CountDownLatch(1);
			OpenAiLlmProvider provider = new OpenAiLlmProvider(settings(server.baseUrl()), observing(broken));
			assertTextThenNetworkError(provider.stream("m", ChatRequest.of("Hi")), broken);
		}
	}

	@Test
	void anthropicTextSentBeforeAResetReachesALateSubscriberBeforeTheError() throws InterruptedException {
		String events = ProviderStubs.ANTHROPIC_STREAM_START + ProviderStubs.anthropicDelta("Hel")
				+ ProviderStubs.anthropicDelta("lo");
		try (RawHttpServer server = RawHttpServer.writeThenReset(HEAD + chunk(events))) {
			CountDownLatch broken = new CountDownLatch(1);
			AnthropicLlmProvider provider = new AnthropicLlmProvider(settings(server.baseUrl()), observing(broken));
			assertTextThenNetworkError(provider.stream("m", ChatRequest.of("Hi")), broken);
		}
	}

	private static void assertTextThenNetworkError(Flux<ChatChunk> stream, CountDownLatch broken)
			throws InterruptedException {
		StepVerifier.create(stream, 0)
			.expectSubscription()
			.then(() -> awaitBreak(broken))
			.thenRequest(10)
			.assertNext((chunk) -> org.assertj.core.api.Assertions.assertThat(chunk.text()).isEqualTo("Hel"))
			.assertNext((chunk) -> org.assertj.core.api.Assertions.assertThat(chunk.text()).isEqualTo("lo"))
			.expectErrorSatisfies((ex) -> org.assertj.core.api.Assertions
				.assertThat(ProviderException.from(ex, SecretRedactor.of(List.of())).getOutcome())
				.isEqualTo(AttemptOutcome.NETWORK_ERROR))
			.verify(Duration.ofSeconds(10));
	}

	/**
	 * Waits until the reset has reached the body's publisher, if the pipeline reads ahead
	 * of demand; a pipeline that reads only on demand never sees it before the request,
	 * which is as good.
	 */
	private static void awaitBreak(CountDownLatch broken) {
		try {
			broken.await(2, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Counts down when the response body's publisher signals its error. */
	private static WebClient.Builder observing(CountDownLatch broken) {
		return WebClient.builder()
			.filter(ExchangeFilterFunction.ofResponseProcessor((response) -> reactor.core.publisher.Mono
				.just(response.mutate().body((body) -> body.doOnError((ex) -> broken.countDown())).build())));
	}

	private static ProviderSettings settings(String baseUrl) {
		return new ProviderSettings("p", baseUrl, "k-0123456789", List.of("m"), Map.of(), 65536);
	}

	private static String chunk(String data) {
		return Integer.toHexString(data.getBytes(java.nio.charset.StandardCharsets.UTF_8).length) + "\r\n" + data
				+ "\r\n";
	}

}
