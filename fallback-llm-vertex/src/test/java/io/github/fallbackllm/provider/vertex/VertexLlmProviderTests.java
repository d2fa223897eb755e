package io.github.fallbackllm.provider.vertex;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.ChatChunk;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.provider.LlmProvider;
import io.github.fallbackllm.provider.ProviderException;
import io.github.fallbackllm.provider.ProviderSettings;
import io.github.fallbackllm.testsupport.ProviderStubs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import reactor.test.StepVerifier;

import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class VertexLlmProviderTests {

	static final String GEMINI_PATH = "/v1/projects/test-project/locations/us-central1/endpoints/openapi/chat/completions";

	static final String CLAUDE_PATH = "/v1/projects/test-project/locations/us-central1/publishers/anthropic/models/claude-sonnet-4-5@20250929";

	static final String RESOURCE_EXHAUSTED = """
			{"error":{"code":429,"message":"Resource exhausted. Please try again later.","status":"RESOURCE_EXHAUSTED"}}""";

	/**
	 * A hang guard, not a timing claim: the first exchange of a JVM loads the WebClient,
	 * SSE and google-auth classes, which takes seconds on two cores shared by builds.
	 */
	static final Duration HANG_GUARD = Duration.ofSeconds(60);

	@RegisterExtension
	static WireMockExtension server = ProviderStubs.server();

	private static final TestServiceAccount ACCOUNT = TestServiceAccount.shared();

	@TempDir
	Path directory;

	private final MutableClock clock = new MutableClock(Instant.now());

	private LlmProvider vertex;

	@BeforeEach
	void createProvider() throws Exception {
		this.vertex = vertex(server, ACCOUNT.write(this.directory, server.baseUrl() + TokenEndpointStubs.PATH),
				this.clock);
	}

	static LlmProvider vertex(WireMockExtension server, Path credentials, MutableClock clock) {
		ProviderSettings settings = new ProviderSettings("vertex", server.baseUrl() + "/v1", null,
				List.of("gemini-2.5-flash", "claude-sonnet-4-5@20250929"), Map.of(), 1024 * 1024, null, Map.of(),
				Map.of(VertexLlmProviderFactory.PROJECT, "test-project", VertexLlmProviderFactory.LOCATION,
						"us-central1", VertexLlmProviderFactory.CREDENTIALS_FILE, credentials.toString()));
		return new VertexLlmProviderFactory(clock).create(settings, WebClient.builder());
	}

	@Test
	void geminiGoesToTheOpenAiCompatibleEndpointWithTheAccessToken() {
		TokenEndpointStubs.mints(server, "ya29.first");
		server.stubFor(post(GEMINI_PATH)
			.willReturn(ProviderStubs.ok(ProviderStubs.openAiCompletion("google/gemini-2.5-flash", "Hi"))));

		ChatResponse response = this.vertex.chat("gemini-2.5-flash", ChatRequest.of("Hello")).block(HANG_GUARD);

		assertThat(response.content()).isEqualTo("Hi");
		assertThat(response.provider()).isEqualTo("vertex");
		server
			.verify(postRequestedFor(urlEqualTo(GEMINI_PATH)).withHeader("Authorization", equalTo("Bearer ya29.first"))
				.withRequestBody(matchingJsonPath("$.model", equalTo("google/gemini-2.5-flash"))));
	}

	@Test
	void claudeGoesToRawPredictWithTheVersionInTheBodyAndTheModelInThePath() {
		TokenEndpointStubs.mints(server, "ya29.first");
		server.stubFor(post(CLAUDE_PATH + ":rawPredict")
			.willReturn(ProviderStubs.ok(ProviderStubs.anthropicMessage("claude-sonnet-4-5@20250929", "Hi"))));

		ChatResponse response = this.vertex.chat("claude-sonnet-4-5@20250929", ChatRequest.of("Hello"))
			.block(HANG_GUARD);

		assertThat(response.content()).isEqualTo("Hi");
		server.verify(postRequestedFor(urlEqualTo(CLAUDE_PATH + ":rawPredict"))
			.withHeader("Authorization", equalTo("Bearer ya29.first"))
			.withHeader("x-api-key", absent())
			.withRequestBody(equalToJson("""
					{"anthropic_version":"vertex-2023-10-16","max_tokens":4096,
					 "messages":[{"role":"user","content":"Hello"}]}""")));
	}

	@Test
	void claudeStreamsFromStreamRawPredict() {
		TokenEndpointStubs.mints(server, "ya29.first");
		server.stubFor(post(CLAUDE_PATH + ":streamRawPredict")
			.willReturn(ProviderStubs.sse(ProviderStubs.anthropicStream("Hel", "lo"))));

		List<ChatChunk> chunks = this.vertex.stream("claude-sonnet-4-5@20250929", ChatRequest.of("Hello"))
			.collectList()
			.block(HANG_GUARD);

		assertThat(chunks).extracting(ChatChunk::text).containsExactly("Hel", "lo", "");
		server.verify(postRequestedFor(urlEqualTo(CLAUDE_PATH + ":streamRawPredict"))
			.withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
			.withRequestBody(matchingJsonPath("$.anthropic_version", equalTo("vertex-2023-10-16"))));
	}

	@Test
	void aTokenIsReplacedBeforeItExpires() {
		TokenEndpointStubs.mints(server, "ya29.first", "ya29.second");
		server.stubFor(post(GEMINI_PATH)
			.willReturn(ProviderStubs.ok(ProviderStubs.openAiCompletion("google/gemini-2.5-flash", "Hi"))));

		this.vertex.chat("gemini-2.5-flash", ChatRequest.of("Hello")).block(HANG_GUARD);
		this.clock.advance(Duration.ofMinutes(56));
		this.vertex.chat("gemini-2.5-flash", ChatRequest.of("Hello")).block(HANG_GUARD);

		server.verify(1,
				postRequestedFor(urlEqualTo(GEMINI_PATH)).withHeader("Authorization", equalTo("Bearer ya29.first")));
		server.verify(1,
				postRequestedFor(urlEqualTo(GEMINI_PATH)).withHeader("Authorization", equalTo("Bearer ya29.second")));
	}

	@Test
	void aRejectedTokenIsRenewedOnceAndTheRequestSentOnceMore() {
		TokenEndpointStubs.mints(server, "ya29.first", "ya29.second");
		this.vertex.listModels().block(HANG_GUARD);
		this.clock.advance(Duration.ofMinutes(2));
		server.stubFor(post(GEMINI_PATH).inScenario("revoked")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(ProviderStubs.json(401,
					"""
							{"error":{"code":401,"message":"Request had invalid authentication credentials.","status":"UNAUTHENTICATED"}}"""))
			.willSetStateTo("renewed"));
		server.stubFor(post(GEMINI_PATH).inScenario("revoked")
			.whenScenarioStateIs("renewed")
			.willReturn(ProviderStubs.ok(ProviderStubs.openAiCompletion("google/gemini-2.5-flash", "Hi"))));

		ChatResponse response = this.vertex.chat("gemini-2.5-flash", ChatRequest.of("Hello")).block(HANG_GUARD);

		assertThat(response.content()).isEqualTo("Hi");
		server.verify(2, postRequestedFor(urlEqualTo(TokenEndpointStubs.PATH)));
		server.verify(1,
				postRequestedFor(urlEqualTo(GEMINI_PATH)).withHeader("Authorization", equalTo("Bearer ya29.second")));
	}

	@Test
	void aSecond401IsACredentialsFailure() {
		TokenEndpointStubs.mints(server, "ya29.first", "ya29.second", "ya29.third");
		this.vertex.listModels().block(HANG_GUARD);
		this.clock.advance(Duration.ofMinutes(2));
		server.stubFor(post(CLAUDE_PATH + ":rawPredict").willReturn(ProviderStubs.json(401,
				"""
						{"error":{"code":401,"message":"Request had invalid authentication credentials.","status":"UNAUTHENTICATED"}}""")));

		assertThatExceptionOfType(ProviderException.class)
			.isThrownBy(() -> this.vertex.chat("claude-sonnet-4-5@20250929", ChatRequest.of("Hello")).block(HANG_GUARD))
			.satisfies((ex) -> {
				assertThat(ex.getOutcome()).isEqualTo(AttemptOutcome.AUTHENTICATION_FAILED);
				assertThat(ex.getMessage()).doesNotContain("ya29");
			});
		server.verify(2, postRequestedFor(urlEqualTo(TokenEndpointStubs.PATH)));
		server.verify(2, postRequestedFor(urlEqualTo(CLAUDE_PATH + ":rawPredict")));
	}

	@Test
	void resourceExhaustedIsARateLimitAlsoWrappedInAnArray() {
		TokenEndpointStubs.mints(server, "ya29.first");
		server.stubFor(post(GEMINI_PATH).willReturn(ProviderStubs.json(429, "[" + RESOURCE_EXHAUSTED + "]")));

		assertThatExceptionOfType(ProviderException.class)
			.isThrownBy(() -> this.vertex.chat("gemini-2.5-flash", ChatRequest.of("Hello")).block(HANG_GUARD))
			.satisfies((ex) -> {
				assertThat(ex.getOutcome()).isEqualTo(AttemptOutcome.RATE_LIMITED);
				assertThat(ex.getErrorCode()).isEqualTo("RESOURCE_EXHAUSTED");
			});
	}

	@Test
	void resourceExhaustedAsTheFirstStreamEventIsARateLimit() {
		TokenEndpointStubs.mints(server, "ya29.first");
		server.stubFor(post(GEMINI_PATH).willReturn(ProviderStubs.sse("data: " + RESOURCE_EXHAUSTED + "\n\n")));
		server.stubFor(post(CLAUDE_PATH + ":streamRawPredict")
			.willReturn(ProviderStubs.sse("event: error\ndata: " + RESOURCE_EXHAUSTED + "\n\n")));

		for (String model : List.of("gemini-2.5-flash", "claude-sonnet-4-5@20250929")) {
			StepVerifier.create(this.vertex.stream(model, ChatRequest.of("Hello")))
				.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(ProviderException.class,
						(failure) -> assertThat(failure.getOutcome()).isEqualTo(AttemptOutcome.RATE_LIMITED)))
				.verify(HANG_GUARD);
		}
	}

	@Test
	void healthMintsATokenAndListsNoModels() {
		TokenEndpointStubs.mints(server, "ya29.first");

		StepVerifier.create(this.vertex.listModels()).verifyComplete();
		server.verify(1, postRequestedFor(urlEqualTo(TokenEndpointStubs.PATH)));
	}

	@Test
	void healthFailsWithTheCredentials() {
		server.stubFor(post(TokenEndpointStubs.PATH).willReturn(aResponse().withStatus(400)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}")));

		StepVerifier.create(this.vertex.listModels())
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(ProviderException.class,
					(failure) -> assertThat(failure.getOutcome()).isEqualTo(AttemptOutcome.AUTHENTICATION_FAILED)))
			.verify(HANG_GUARD);
	}

}
