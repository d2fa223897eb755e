package io.github.fallbackllm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.fallbackllm.chat.AllProvidersFailedException;
import io.github.fallbackllm.chat.Attempt;
import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.ChatChunk;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.chat.ChatStreamInterruptedException;
import io.github.fallbackllm.chat.FinishReason;
import io.github.fallbackllm.chat.TokenUsage;
import io.github.fallbackllm.provider.LlmProvider;
import io.github.fallbackllm.provider.anthropic.AnthropicLlmProvider;
import io.github.fallbackllm.provider.openai.OpenAiLlmProvider;
import io.github.fallbackllm.routing.AttemptTimeouts;
import io.github.fallbackllm.routing.CooldownSettings;
import io.github.fallbackllm.routing.ProviderPolicies;
import io.github.fallbackllm.testsupport.ProviderStubs;
import io.github.fallbackllm.testsupport.ScriptedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.github.fallbackllm.testsupport.ProviderStubs.ANTHROPIC_STREAM_END;
import static io.github.fallbackllm.testsupport.ProviderStubs.ANTHROPIC_STREAM_START;
import static io.github.fallbackllm.testsupport.ProviderStubs.OPENAI_STREAM_END;
import static io.github.fallbackllm.testsupport.ProviderStubs.anthropicDelta;
import static io.github.fallbackllm.testsupport.ProviderStubs.anthropicStream;
import static io.github.fallbackllm.testsupport.ProviderStubs.json;
import static io.github.fallbackllm.testsupport.ProviderStubs.openAiDelta;
import static io.github.fallbackllm.testsupport.ProviderStubs.openAiError;
import static io.github.fallbackllm.testsupport.ProviderStubs.openAiStream;
import static io.github.fallbackllm.testsupport.ProviderStubs.sse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Streaming through the chain: before the first text chunk every failure falls back like
 * a non-streaming call; after it the stream never switches provider, so no text is ever
 * repeated.
 */
class FallbackChatServiceStreamingTests {

	private static final String KEY = "sk-test-streaming-0123456789";

	private static final String CHAT = "/v1/chat/completions";

	private static final String MESSAGES = "/v1/messages";

	/** For the tests about timeouts; the others use timeouts that never fire. */
	private static final AttemptTimeouts SHORT = new AttemptTimeouts(Duration.ofSeconds(5), Duration.ofMillis(500),
			Duration.ofMillis(500));

	@RegisterExtension
	static WireMockExtension openai = ProviderStubs.server();

	@RegisterExtension
	static WireMockExtension anthropic = ProviderStubs.server();

	@Test
	void rateLimitedPrimaryFallsBackAndTheSecondaryStreamsTheWholeAnswer() {
		openai.stubFor(post(CHAT).willReturn(
				json(429, openAiError("tokens", "rate_limit_exceeded", "Rate limit")).withHeader("retry-after", "30")));
		anthropic.stubFor(post(MESSAGES).willReturn(sse(anthropicStream("Hello", ", ", "world"))));

		List<ChatChunk> chunks = chain(openAi(), anthropicProvider()).stream(ChatRequest.of("Hi"))
			.collectList()
			.block(Duration.ofSeconds(10));

		assertThat(text(chunks)).isEqualTo("Hello, world");
		assertThat(chunks).allSatisfy((chunk) -> {
			assertThat(chunk.provider()).isEqualTo("anthropic");
			assertThat(chunk.model()).isEqualTo("claude-sonnet-4-5-20250929");
			assertThat(chunk.attempts()).extracting(Attempt::outcome)
				.containsExactly(AttemptOutcome.RATE_LIMITED, AttemptOutcome.SUCCEEDED);
		});
		ChatChunk last = chunks.get(chunks.size() - 1);
		assertThat(last.isLast()).isTrue();
		assertThat(last.finishReason()).isEqualTo(FinishReason.STOP);
		assertThat(last.usage()).isEqualTo(new TokenUsage(11, 6));
		assertThat(chunks.subList(0, chunks.size() - 1)).noneMatch(ChatChunk::isLast);
		anthropic.verify(
				postRequestedFor(urlEqualTo(MESSAGES)).withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
					.withHeader("Accept", equalTo("text/event-stream, application/json")));
	}

	@Test
	void openAiStreamToleratesEmptyChoicesCrlfUnknownFieldsAndReportsUsageOnTheLastChunk() {
		String azureFirstChunk = "data: {\"id\":\"\",\"choices\":[],\"created\":0,\"model\":\"\",\"object\":\"\","
				+ "\"prompt_filter_results\":[{\"prompt_index\":0,\"content_filter_results\":{}}]}\n\n";
		String withObfuscation = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o-2024-08-06\","
				+ "\"obfuscation\":\"xYz\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" world\"},\"finish_reason\":null}]}\n\n";
		String body = (azureFirstChunk + openAiDelta("Hello") + withObfuscation + OPENAI_STREAM_END).replace("\n",
				"\r\n");
		openai.stubFor(post(CHAT).willReturn(sse(body)));

		List<ChatChunk> chunks = chain(openAi()).stream(ChatRequest.of("Hi"))
			.collectList()
			.block(Duration.ofSeconds(10));

		assertThat(chunks).extracting(ChatChunk::text).containsExactly("Hello", " world", "");
		assertThat(chunks.get(2).usage()).isEqualTo(new TokenUsage(19, 10));
		assertThat(chunks.get(2).finishReason()).isEqualTo(FinishReason.STOP);
		openai.verify(postRequestedFor(urlEqualTo(CHAT))
			.withRequestBody(matchingJsonPath("$.stream_options.include_usage", equalTo("true"))));
	}

	@Test
	void anthropicErrorEventBeforeTheFirstTokenFallsBack() {
		anthropic.stubFor(post(MESSAGES).willReturn(sse(ANTHROPIC_STREAM_START
				+ "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n")));
		openai.stubFor(post(CHAT).willReturn(sse(openAiStream("From", " OpenAI"))));

		List<ChatChunk> chunks = chain(anthropicProvider(), openAi()).stream(ChatRequest.of("Hi"))
			.collectList()
			.block(Duration.ofSeconds(10));

		assertThat(text(chunks)).isEqualTo("From OpenAI");
		assertThat(chunks.get(0).attempts()).extracting(Attempt::outcome)
			.containsExactly(AttemptOutcome.SERVER_ERROR, AttemptOutcome.SERVER_ERROR, AttemptOutcome.SUCCEEDED);
		assertThat(chunks.get(0).attempts().get(0).errorCode()).isEqualTo("overloaded_error");
	}

	@Test
	void openAiErrorEventBeforeTheFirstTokenFallsBack() {
		openai.stubFor(post(CHAT).willReturn(sse(
				"data: {\"error\":{\"message\":\"Rate limit reached\",\"type\":\"tokens\",\"code\":\"rate_limit_exceeded\"}}\n\n")));
		anthropic.stubFor(post(MESSAGES).willReturn(sse(anthropicStream("Fine"))));

		List<ChatChunk> chunks = chain(openAi(), anthropicProvider()).stream(ChatRequest.of("Hi"))
			.collectList()
			.block(Duration.ofSeconds(10));

		assertThat(text(chunks)).isEqualTo("Fine");
		assertThat(chunks.get(0).attempts().get(0).outcome()).isEqualTo(AttemptOutcome.RATE_LIMITED);
	}

	@Test
	void streamCutAfterTwoTokensEndsWithATypedErrorWithoutCallingTheNextProvider() {
		anthropic.stubFor(post(MESSAGES).willReturn(sse(anthropicStream("never", " used"))));
		try (ScriptedServer cut = ScriptedServer.eventsThenDrop(openAiDelta("Hello"), openAiDelta(" wor"))) {
			List<String> received = new ArrayList<>();

			StepVerifier.create(chain(openAi(cut), anthropicProvider()).stream(ChatRequest.of("Hi")))
				.consumeNextWith((chunk) -> received.add(chunk.text()))
				.consumeNextWith((chunk) -> received.add(chunk.text()))
				.expectErrorSatisfies((ex) -> {
					assertThat(ex).isInstanceOf(ChatStreamInterruptedException.class)
						.hasMessageContaining("broke after 2 chunks (9 characters)");
					ChatStreamInterruptedException interrupted = (ChatStreamInterruptedException) ex;
					assertThat(interrupted.getFailure()).isEqualTo(AttemptOutcome.NETWORK_ERROR);
					assertThat(interrupted.getReceivedChunks()).isEqualTo(2);
					assertThat(interrupted.getAttempts()).singleElement()
						.satisfies((attempt) -> assertThat(attempt.outcome()).isEqualTo(AttemptOutcome.NETWORK_ERROR));
				})
				.verify(Duration.ofSeconds(10));

			assertThat(received).containsExactly("Hello", " wor");
			assertThat(cut.requests()).isEqualTo(1);
		}
		assertThat(anthropic.getAllServeEvents()).isEmpty();
	}

	@Test
	void streamThatEndsWithoutItsEndMarkerAfterTextIsATypedError() {
		try (ScriptedServer truncated = ScriptedServer.events(Duration.ZERO, openAiDelta("Half an"))) {
			StepVerifier.create(chain(openAi(truncated), anthropicProvider()).stream(ChatRequest.of("Hi")))
				.expectNextMatches((chunk) -> chunk.text().equals("Half an"))
				.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(ChatStreamInterruptedException.class)
					.hasMessageContaining("stream ended before its end marker"))
				.verify(Duration.ofSeconds(10));
		}
		assertThat(anthropic.getAllServeEvents()).isEmpty();
	}

	@Test
	void streamThatEndsWithoutAnyTextFallsBack() {
		openai.stubFor(post(CHAT).willReturn(sse(openAiStream())));
		anthropic.stubFor(post(MESSAGES).willReturn(sse(anthropicStream("Something"))));

		List<ChatChunk> chunks = chain(openAi(), anthropicProvider()).stream(ChatRequest.of("Hi"))
			.collectList()
			.block(Duration.ofSeconds(10));

		assertThat(text(chunks)).isEqualTo("Something");
		assertThat(chunks.get(0).attempts().get(0).outcome()).isEqualTo(AttemptOutcome.INVALID_RESPONSE);
		assertThat(chunks.get(0).attempts().get(0).detail()).isEqualTo("stream ended without any text");
	}

	@Test
	void firstTokenTimeoutFallsBackEvenWhileKeepAlivesArrive() {
		anthropic.stubFor(post(MESSAGES).willReturn(sse(anthropicStream("In time"))));
		try (ScriptedServer silent = ScriptedServer.start((request, response) -> ScriptedServer.sse(response)
			.sendString(Flux.interval(Duration.ofMillis(100)).map((tick) -> ": keep-alive\n\n").take(50))
			.then())) {

			List<ChatChunk> chunks = chain(SHORT, openAi(silent), anthropicProvider()).stream(ChatRequest.of("Hi"))
				.collectList()
				.block(Duration.ofSeconds(10));

			assertThat(text(chunks)).isEqualTo("In time");
			assertThat(chunks.get(0).attempts()).extracting(Attempt::outcome)
				.containsExactly(AttemptOutcome.TIMEOUT, AttemptOutcome.SUCCEEDED);
			assertThat(chunks.get(0).attempts().get(0).detail()).isEqualTo("no text within 500 ms");
			assertThat(silent.requests()).isEqualTo(1);
		}
	}

	@Test
	void theCallsDeadlineBoundsTheWaitForTheFirstToken() {
		try (ScriptedServer silent = ScriptedServer.start((request, response) -> Mono.never())) {
			FallbackChatService chain = FallbackChatService.builder()
				.provider(new ProviderPolicies(openAi(silent), ProviderStubs.FAST_RETRY, CooldownSettings.DEFAULTS,
						ProviderStubs.TEST_TIMEOUTS))
				.provider(new ProviderPolicies(anthropicProvider(), ProviderStubs.FAST_RETRY, CooldownSettings.DEFAULTS,
						ProviderStubs.TEST_TIMEOUTS))
				.timeout(Duration.ofMillis(500))
				.build();

			StepVerifier.create(chain.stream(ChatRequest.of("Hi"))).expectErrorSatisfies((ex) -> {
				assertThat(ex).isInstanceOf(AllProvidersFailedException.class)
					.hasMessageStartingWith("Deadline of 500 ms reached (1 attempt in");
				assertThat(((AllProvidersFailedException) ex).getAttempts()).singleElement()
					.satisfies((attempt) -> assertThat(attempt.detail())
						.isEqualTo("the call's deadline of 500 ms ran out while waiting for it"));
			}).verify(Duration.ofSeconds(5));
		}
		assertThat(anthropic.getAllServeEvents()).isEmpty();
	}

	@Test
	void idleTimeoutMidStreamEndsWithATypedError() {
		try (ScriptedServer stalling = ScriptedServer.start((request, response) -> ScriptedServer.sse(response)
			.sendString(Flux.just(openAiDelta("Started")).concatWith(Mono.never()))
			.then())) {
			StepVerifier.create(chain(SHORT, openAi(stalling), anthropicProvider()).stream(ChatRequest.of("Hi")))
				.expectNextMatches((chunk) -> chunk.text().equals("Started"))
				.expectErrorSatisfies((ex) -> {
					assertThat(ex).isInstanceOf(ChatStreamInterruptedException.class);
					assertThat(((ChatStreamInterruptedException) ex).getFailure()).isEqualTo(AttemptOutcome.TIMEOUT);
					assertThat(ex).hasMessageContaining("no chunk for 500 ms");
				})
				.verify(Duration.ofSeconds(10));
			assertThat(stalling.requests()).isEqualTo(1);
		}
		assertThat(anthropic.getAllServeEvents()).isEmpty();
	}

	@Test
	void aProviderThatKeepsBreakingStreamsAfterTheFirstChunkCoolsDown() {
		anthropic.stubFor(post(MESSAGES).willReturn(sse(anthropicStream("steady"))));
		try (ScriptedServer breaking = ScriptedServer.eventsThenDrop(openAiDelta("Hel"))) {
			FallbackChatService chain = chain(openAi(breaking), anthropicProvider());
			for (int i = 0; i < CooldownSettings.DEFAULTS.failureThreshold(); i++) {
				StepVerifier.create(chain.stream(ChatRequest.of("Hi")))
					.expectNextCount(1)
					.expectError(ChatStreamInterruptedException.class)
					.verify(Duration.ofSeconds(10));
			}

			List<ChatChunk> chunks = chain.stream(ChatRequest.of("Hi")).collectList().block(Duration.ofSeconds(10));

			assertThat(text(chunks)).isEqualTo("steady");
			assertThat(chunks.get(0).attempts().get(0).outcome()).isEqualTo(AttemptOutcome.SKIPPED);
			assertThat(breaking.requests()).isEqualTo(CooldownSettings.DEFAULTS.failureThreshold());
		}
	}

	@Test
	void cancellingTheStreamClosesTheUpstreamConnection() throws InterruptedException {
		try (ScriptedServer endless = ScriptedServer.start((request, response) -> ScriptedServer.sse(response)
			.sendString(Flux.interval(Duration.ofMillis(20)).map((i) -> openAiDelta("token" + i)))
			.then())) {

			List<ChatChunk> taken = chain(openAi(endless)).stream(ChatRequest.of("Hi"))
				.take(3)
				.collectList()
				.block(Duration.ofSeconds(10));

			assertThat(taken).hasSize(3);
			assertThat(endless.awaitConnectionClosed(Duration.ofSeconds(5))).as("upstream connection closed").isTrue();
		}
	}

	@Test
	void aSlowConsumerHoldsBackTheProviderWithoutBufferingOrTimingOut() {
		String big = "x".repeat(16 * 1024);
		AtomicInteger produced = new AtomicInteger();
		int total = 2000;
		try (ScriptedServer fast = ScriptedServer.start((request, response) -> ScriptedServer.sse(response)
			.sendString(Flux.range(0, total)
				.map((i) -> openAiDelta(big))
				.doOnNext((event) -> produced.incrementAndGet())
				.concatWith(Mono.just(OPENAI_STREAM_END)))
			.then())) {

			// Paused for twice the idle timeout, asking for nothing.
			StepVerifier.create(chain(SHORT, openAi(fast)).stream(ChatRequest.of("Hi")), 1)
				.expectNextCount(1)
				.then(() -> Mono.delay(SHORT.idle().multipliedBy(2)).block())
				.then(() -> assertThat(produced.get()).as("events the provider could send while the consumer waited")
					.isLessThan(total / 4))
				.thenRequest(Long.MAX_VALUE)
				.expectNextCount(total - 1)
				.expectNextMatches(ChatChunk::isLast)
				.expectComplete()
				.verify(Duration.ofSeconds(30));
		}
	}

	@Test
	void blockingCodeReceivesTextAsItArrivesAndTheWholeAnswer() {
		openai.stubFor(post(CHAT).willReturn(sse(openAiStream("One", " two", " three"))));
		List<String> pieces = new ArrayList<>();

		ChatResponse response = chain(openAi()).stream(ChatRequest.of("Count"), pieces::add);

		assertThat(pieces).containsExactly("One", " two", " three");
		assertThat(response.content()).isEqualTo("One two three");
		assertThat(response.usage()).isEqualTo(new TokenUsage(19, 10));
		assertThat(response.provider()).isEqualTo("openai");
	}

	@Test
	void blockingCodeWhoseCallbackThrowsClosesTheUpstreamConnection() throws InterruptedException {
		try (ScriptedServer endless = ScriptedServer.start((request, response) -> ScriptedServer.sse(response)
			.sendString(Flux.interval(Duration.ofMillis(20)).map((i) -> openAiDelta("token" + i)))
			.then())) {
			FallbackChatService chain = chain(openAi(endless));

			assertThatIllegalStateException().isThrownBy(() -> chain.stream(ChatRequest.of("Hi"), (text) -> {
				throw new IllegalStateException("the caller gave up");
			}));

			assertThat(endless.awaitConnectionClosed(Duration.ofSeconds(5))).as("upstream connection closed").isTrue();
		}
	}

	@Test
	void everyTargetFailingBeforeTheFirstTokenEndsWithTheAllFailedError() {
		openai.stubFor(post(CHAT).willReturn(json(503, openAiError("server_error", null, "down"))));
		anthropic.stubFor(post(MESSAGES)
			.willReturn(json(401, ProviderStubs.anthropicError("authentication_error", "invalid x-api-key"))));

		StepVerifier.create(chain(openAi(), anthropicProvider()).stream(ChatRequest.of("Hi")))
			.expectErrorSatisfies((ex) -> {
				assertThat(ex).isInstanceOf(AllProvidersFailedException.class);
				assertThat(((AllProvidersFailedException) ex).getAttempts()).extracting(Attempt::outcome)
					.containsExactly(AttemptOutcome.SERVER_ERROR, AttemptOutcome.SERVER_ERROR,
							AttemptOutcome.AUTHENTICATION_FAILED);
			})
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void endpointThatIgnoresStreamingStillStreamsItsCompleteAnswer() {
		openai
			.stubFor(post(CHAT).willReturn(ProviderStubs.ok(ProviderStubs.openAiCompletion("gpt-4o", "All at once"))));

		List<ChatChunk> chunks = chain(openAi()).stream(ChatRequest.of("Hi"))
			.collectList()
			.block(Duration.ofSeconds(10));

		assertThat(chunks).extracting(ChatChunk::text).containsExactly("All at once", "");
		assertThat(chunks.get(1).usage()).isEqualTo(new TokenUsage(19, 10));
	}

	@Test
	void anthropicStreamReportsCumulativeUsageAndIgnoresPingsAndUnknownEvents() {
		anthropic.stubFor(post(MESSAGES)
			.willReturn(sse(ANTHROPIC_STREAM_START + anthropicDelta("A") + "event: ping\ndata: {\"type\": \"ping\"}\n\n"
					+ "event: some_future_event\ndata: {\"type\":\"some_future_event\"}\n\n" + anthropicDelta("B")
					+ ANTHROPIC_STREAM_END)));

		List<ChatChunk> chunks = chain(anthropicProvider()).stream(ChatRequest.of("Hi"))
			.collectList()
			.block(Duration.ofSeconds(10));

		assertThat(chunks).extracting(ChatChunk::text).containsExactly("A", "B", "");
		assertThat(chunks.get(2).usage()).isEqualTo(new TokenUsage(11, 6));
	}

	private static String text(List<ChatChunk> chunks) {
		StringBuilder text = new StringBuilder();
		chunks.forEach((chunk) -> text.append(chunk.text()));
		return text.toString();
	}

	private static OpenAiLlmProvider openAi() {
		return ProviderStubs.openAi("openai", openai, KEY, "gpt-4o");
	}

	private static OpenAiLlmProvider openAi(ScriptedServer server) {
		return new OpenAiLlmProvider(ProviderStubs.settings("openai", server.baseUrl(), KEY, "gpt-4o"),
				WebClient.builder());
	}

	private static AnthropicLlmProvider anthropicProvider() {
		return ProviderStubs.anthropic("anthropic", anthropic, KEY, "claude-sonnet-4-5");
	}

	private static FallbackChatService chain(LlmProvider... providers) {
		return chain(ProviderStubs.TEST_TIMEOUTS, providers);
	}

	private static FallbackChatService chain(AttemptTimeouts timeouts, LlmProvider... providers) {
		FallbackChatService.Builder builder = FallbackChatService.builder().timeout(Duration.ofSeconds(20));
		for (LlmProvider provider : providers) {
			builder.provider(
					new ProviderPolicies(provider, ProviderStubs.FAST_RETRY, CooldownSettings.DEFAULTS, timeouts));
		}
		return builder.build();
	}

}
