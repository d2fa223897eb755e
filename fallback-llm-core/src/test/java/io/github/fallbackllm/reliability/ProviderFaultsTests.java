package io.github.fallbackllm.reliability;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import io.github.fallbackllm.FallbackChatService;
import io.github.fallbackllm.chat.AllProvidersFailedException;
import io.github.fallbackllm.chat.Attempt;
import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.ChatChunk;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.chat.ChatStreamInterruptedException;
import io.github.fallbackllm.provider.LlmProvider;
import io.github.fallbackllm.provider.ProviderSettings;
import io.github.fallbackllm.provider.openai.OpenAiLlmProvider;
import io.github.fallbackllm.routing.AttemptTimeouts;
import io.github.fallbackllm.routing.CooldownSettings;
import io.github.fallbackllm.routing.RetrySettings;
import io.github.fallbackllm.state.InMemoryTargetStateStore;
import io.github.fallbackllm.routing.ProviderPolicies;
import io.github.fallbackllm.testsupport.RawHttpServer;
import io.github.fallbackllm.testsupport.ScriptedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.resources.ConnectionProvider;
import reactor.test.StepVerifier;

import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

import static io.github.fallbackllm.testsupport.ProviderStubs.openAiCompletion;
import static io.github.fallbackllm.testsupport.ProviderStubs.openAiDelta;
import static io.github.fallbackllm.testsupport.ProviderStubs.openAiStream;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every way a provider can misbehave on the wire, against a healthy secondary (the call
 * falls back) and alone (the call ends with {@link AllProvidersFailedException}), always
 * within the deadline.
 */
class ProviderFaultsTests {

	private static final Duration DEADLINE = Duration.ofSeconds(3);

	private static final AttemptTimeouts TIMEOUTS = new AttemptTimeouts(Duration.ofMillis(700), Duration.ofMillis(700),
			Duration.ofMillis(700));

	private static final RetrySettings NO_WAIT_RETRY = new RetrySettings(1, Duration.ZERO, 1, Duration.ofMillis(1),
			Duration.ZERO, Duration.ofSeconds(1));

	private static final int MAX_RESPONSE_BYTES = 1024 * 1024;

	private static ScriptedServer healthy;

	@BeforeAll
	static void startSecondary() {
		healthy = ScriptedServer.start((request, response) -> request.uri().contains("stream")
				? ScriptedServer.sse(response).sendString(Mono.just(openAiStream("fine"))).then()
				: json(response, 200).sendString(Mono.just(openAiCompletion("backup-model", "fine"))).then());
	}

	@AfterAll
	static void stopSecondary() {
		healthy.close();
	}

	static Stream<Arguments> faults() {
		return Stream
			.of(fault("empty 200 body", AttemptOutcome.INVALID_RESPONSE,
					(response) -> json(response, 200).header("Content-Length", "0").send()),
					fault("truncated JSON", AttemptOutcome.INVALID_RESPONSE, (response) -> json(response, 200)
						.sendString(Mono.just("{\"choices\":[{\"message\":{\"content\":\"Hel"))
						.then()),
					fault("HTML error page with 502", AttemptOutcome.SERVER_ERROR, (response) -> response.status(502)
						.header("Content-Type", "text/html")
						.sendString(Mono.just("<html><title>502 Bad Gateway</title><body>cloudflare</body></html>"))
						.then()),
					fault("500 with 200 KB of one letter", AttemptOutcome.SERVER_ERROR,
							(response) -> json(response, 500).sendString(Mono.just("a".repeat(200 * 1024))).then()),
					fault("HTML 500 of 100 KB of '<'", AttemptOutcome.SERVER_ERROR, (response) -> response.status(500)
						.header("Content-Type", "text/html")
						.sendString(Mono.just("<".repeat(100 * 1024)))
						.then()),
					fault("200 carrying an error JSON body", AttemptOutcome.RATE_LIMITED,
							(response) -> json(response, 200)
								.sendString(Mono
									.just("{\"error\":{\"code\":429,\"message\":\"Rate limit exceeded: free tier\"}}"))
								.then()),
					fault("body trickling one byte at a time", AttemptOutcome.TIMEOUT,
							(response) -> json(response, 200)
								.sendString(Flux.interval(Duration.ofMillis(50)).map((i) -> "{").take(10_000),
										java.nio.charset.StandardCharsets.UTF_8)
								.then()),
					fault("response larger than the limit", AttemptOutcome.INVALID_RESPONSE,
							(response) -> json(response, 200)
								.sendString(Flux.range(0, 320).map((i) -> "x".repeat(64 * 1024)))
								.then()),
					fault("no response at all", AttemptOutcome.TIMEOUT, (response) -> Mono.never()),
					fault("status line then silence", AttemptOutcome.TIMEOUT,
							(response) -> json(response, 200).sendString(Mono.just("{").concatWith(Mono.never()))
								.then()));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("faults")
	void faultFallsBackToTheNextProvider(String name, AttemptOutcome expected,
			Function<HttpServerResponse, Publisher<Void>> fault) {
		try (ScriptedServer broken = ScriptedServer.start((request, response) -> fault.apply(response))) {
			StepVerifier.create(chain(broken, healthy).chatAsync(ChatRequest.of("Hi"))).assertNext((response) -> {
				assertThat(response.content()).isEqualTo("fine");
				assertThat(response.provider()).isEqualTo("secondary");
				assertThat(response.attempts().get(0).outcome()).as(name).isEqualTo(expected);
			}).expectComplete().verify(DEADLINE.plusSeconds(2));
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("faults")
	void faultWithoutAFallbackEndsWithTheTypedError(String name, AttemptOutcome expected,
			Function<HttpServerResponse, Publisher<Void>> fault) {
		try (ScriptedServer broken = ScriptedServer.start((request, response) -> fault.apply(response))) {
			StepVerifier.create(chain(broken).chatAsync(ChatRequest.of("Hi"))).expectErrorSatisfies((ex) -> {
				assertThat(ex).isInstanceOf(AllProvidersFailedException.class);
				assertThat(((AllProvidersFailedException) ex).getAttempts()).extracting(Attempt::outcome)
					.as(name)
					.contains(expected);
			}).verify(DEADLINE.plusSeconds(2));
		}
	}

	@Test
	void connectionRefusedFallsBack() {
		ChatResponse response = withHealthySecondary(provider("primary", "http://127.0.0.1:1/v1"))
			.chat(ChatRequest.of("Hi"));

		assertThat(response.attempts()).extracting(Attempt::outcome)
			.containsExactly(AttemptOutcome.NETWORK_ERROR, AttemptOutcome.NETWORK_ERROR, AttemptOutcome.SUCCEEDED);
	}

	@Test
	void connectionResetMidBodyIsRetriedThenFallsBack() {
		try (RawHttpServer reset = RawHttpServer.writeThenReset("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
				+ "Content-Length: 500\r\n\r\n{\"id\":\"chatcmpl-1\",\"choi")) {
			ChatResponse response = withHealthySecondary(provider("primary", reset.baseUrl()))
				.chat(ChatRequest.of("Hi"));

			assertThat(response.attempts()).extracting(Attempt::outcome)
				.containsExactly(AttemptOutcome.NETWORK_ERROR, AttemptOutcome.NETWORK_ERROR, AttemptOutcome.SUCCEEDED);
		}
	}

	@Test
	void aFullLocalConnectionPoolMovesOnWithoutBlamingTheProvider() {
		ConnectionProvider onePending = ConnectionProvider.builder("tiny")
			.maxConnections(1)
			.pendingAcquireMaxCount(1)
			.build();
		try (ScriptedServer slow = ScriptedServer.start((request, response) -> Mono.delay(Duration.ofMillis(200))
			.then(json(response, 200).sendString(Mono.just(openAiCompletion("m", "slow but fine"))).then()))) {
			LlmProvider primary = new OpenAiLlmProvider(
					new ProviderSettings("primary", slow.baseUrl(), "k-123456", List.of("m"), Map.of(),
							MAX_RESPONSE_BYTES),
					WebClient.builder().clientConnector(new ReactorClientHttpConnector(HttpClient.create(onePending))));
			InMemoryTargetStateStore cooldowns = new InMemoryTargetStateStore();
			FallbackChatService service = FallbackChatService.builder()
				.provider(new ProviderPolicies(primary, NO_WAIT_RETRY, CooldownSettings.DEFAULTS, TIMEOUTS))
				.provider(new ProviderPolicies(provider("secondary", healthy.baseUrl()), NO_WAIT_RETRY,
						CooldownSettings.DEFAULTS, TIMEOUTS))
				.stateStore(cooldowns)
				.build();

			List<ChatResponse> responses = Flux.range(0, 6)
				.flatMap((i) -> service.chatAsync(ChatRequest.of("call " + i)), 6)
				.collectList()
				.block(DEADLINE.plusSeconds(2));

			assertThat(responses).hasSize(6);
			assertThat(responses).filteredOn((response) -> response.provider().equals("primary")).hasSizeBetween(1, 2);
			assertThat(responses).filteredOn((response) -> response.provider().equals("secondary"))
				.allSatisfy((response) -> assertThat(response.attempts()).extracting(Attempt::outcome)
					.containsExactly(AttemptOutcome.CLIENT_OVERLOADED, AttemptOutcome.SUCCEEDED));
			assertThat(cooldowns.target("primary", "m").consecutiveFailures()).isZero();
			assertThat(cooldowns.target("primary", "m").cooldown()).isNull();
		}
		finally {
			onePending.disposeLater().block(Duration.ofSeconds(5));
		}
	}

	@Test
	void unknownFieldsEverywhereAreIgnored() {
		try (ScriptedServer future = ScriptedServer.start((request, response) -> json(response, 200).sendString(Mono
			.just("""
					{"id":"chatcmpl-9","object":"chat.completion","created":1,"model":"gpt-9","brand_new":{"nested":[1,2,3]},
					 "choices":[{"index":0,"message":{"role":"assistant","content":"still fine","audio":null,"annotations":[{"x":1}]},
					   "finish_reason":"stop","extra":true}],
					 "usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3,"future_tokens_details":{"a":1}}}"""))
			.then())) {

			ChatResponse response = chain(future).chat(ChatRequest.of("Hi"));

			assertThat(response.content()).isEqualTo("still fine");
			assertThat(response.usage().completionTokens()).isEqualTo(2);
		}
	}

	@Test
	void streamCutMidLineBeforeAnyTextFallsBack() {
		try (ScriptedServer cut = ScriptedServer.start((request, response) -> ScriptedServer.sse(response)
			.sendString(Mono
				.just("data: {\"id\":\"c\",\"choices\":[{\"delta\":{\"role\":\"assistant\"}}]}\n\ndata: {\"cho"))
			.then()
			.then(close(response)))) {

			List<ChatChunk> chunks = chain(cut, healthy).stream(ChatRequest.of("stream please"))
				.collectList()
				.block(DEADLINE.plusSeconds(2));

			assertThat(chunks).extracting(ChatChunk::text).containsExactly("fine", "");
			// Reactor Netty ends a chunked body cut by a close as if it were complete, so
			// the
			// fragment reaches the event decoder and is reported as such.
			assertThat(chunks.get(0).attempts().get(0).outcome()).isEqualTo(AttemptOutcome.INVALID_RESPONSE);
			assertThat(chunks.get(0).attempts().get(0).detail()).isEqualTo("stream event is not JSON: {\"cho");
		}
	}

	@Test
	void aHugeStreamEventThatIsNotJsonFallsBackWithinTheDeadline() {
		try (ScriptedServer huge = ScriptedServer.start((request, response) -> ScriptedServer.sse(response)
			.sendString(Mono.just("data: " + "a".repeat(200 * 1024) + "\n\n"))
			.then())) {

			List<ChatChunk> chunks = chain(huge, healthy).stream(ChatRequest.of("stream please"))
				.collectList()
				.block(DEADLINE.plusSeconds(2));

			assertThat(chunks).extracting(ChatChunk::text).containsExactly("fine", "");
			assertThat(chunks.get(0).attempts().get(0).outcome()).isEqualTo(AttemptOutcome.INVALID_RESPONSE);
			assertThat(chunks.get(0).attempts().get(0).detail()).hasSizeLessThan(400);
		}
	}

	@Test
	void streamCutMidLineAfterTextEndsWithTheTypedError() {
		try (ScriptedServer cut = ScriptedServer.start((request, response) -> ScriptedServer.sse(response)
			.sendString(Mono.just(openAiDelta("partial") + "data: {\"choices\":[{\"delta\":{\"content\":\"lo"))
			.then()
			.then(close(response)))) {

			int secondaryRequests = healthy.requests();

			StepVerifier.create(chain(cut, healthy).stream(ChatRequest.of("stream please")))
				.expectNextMatches((chunk) -> chunk.text().equals("partial"))
				.expectError(ChatStreamInterruptedException.class)
				.verify(DEADLINE.plusSeconds(2));
			assertThat(healthy.requests()).isEqualTo(secondaryRequests);
		}
	}

	private static Arguments fault(String name, AttemptOutcome outcome,
			Function<HttpServerResponse, Publisher<Void>> script) {
		return Arguments.of(name, outcome, script);
	}

	private static HttpServerResponse json(HttpServerResponse response, int status) {
		return response.status(status).header("Content-Type", "application/json");
	}

	private static Mono<Void> close(HttpServerResponse response) {
		return Mono.fromRunnable(() -> response.withConnection((connection) -> connection.channel().close()));
	}

	private static FallbackChatService chain(ScriptedServer... servers) {
		String[] names = { "primary", "secondary" };
		LlmProvider[] providers = new LlmProvider[servers.length];
		for (int i = 0; i < servers.length; i++) {
			providers[i] = provider(names[i], servers[i].baseUrl());
		}
		return chain(providers);
	}

	private static FallbackChatService withHealthySecondary(LlmProvider primary) {
		return chain(primary, provider("secondary", healthy.baseUrl()));
	}

	private static FallbackChatService chain(LlmProvider... providers) {
		FallbackChatService.Builder builder = FallbackChatService.builder().timeout(DEADLINE);
		for (LlmProvider provider : providers) {
			builder.provider(new ProviderPolicies(provider, NO_WAIT_RETRY, CooldownSettings.DEFAULTS, TIMEOUTS));
		}
		return builder.build();
	}

	private static LlmProvider provider(String name, String baseUrl) {
		return new OpenAiLlmProvider(
				new ProviderSettings(name, baseUrl, "k-123456", List.of("m"), Map.of(), MAX_RESPONSE_BYTES),
				WebClient.builder());
	}

}
