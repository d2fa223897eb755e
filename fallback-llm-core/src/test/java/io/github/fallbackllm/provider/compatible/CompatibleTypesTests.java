package io.github.fallbackllm.provider.compatible;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.fallbackllm.FallbackChatService;
import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.ChatChunk;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.health.ModelCheck;
import io.github.fallbackllm.provider.LlmProvider;
import io.github.fallbackllm.provider.LlmProviderFactory;
import io.github.fallbackllm.provider.ProviderException;
import io.github.fallbackllm.provider.ProviderSettings;
import io.github.fallbackllm.testsupport.ProviderStubs;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Every OpenAI-compatible type against a stub of its service: the happy path, its own
 * rate-limit error and retry hint, its auth and unknown-model errors, its model list, and
 * a fallback from it to another type. The types differ only in the data of
 * {@link #types()}.
 */
class CompatibleTypesTests {

	private static final String KEY = "test-key-7f3a9c2e5b1d";

	private static final String ANSWER = ProviderStubs.openAiCompletion("served-model", "Hi");

	/** A hang guard, not a timing assertion: a busy machine may take seconds. */
	private static final Duration BLOCK = Duration.ofSeconds(30);

	@RegisterExtension
	static WireMockExtension server = ProviderStubs.server();

	@RegisterExtension
	static WireMockExtension fallback = ProviderStubs.server();

	@AfterEach
	void reset() {
		server.resetAll();
		fallback.resetAll();
	}

	static Stream<Case> types() {
		return Stream.of(
				new Case(new AzureOpenAiLlmProviderFactory(), "/openai", "/openai/v1/chat/completions", "api-key", KEY,
						limited(429, openAi("429", "Requests have exceeded token rate limit"))
							.withHeader("retry-after-ms", "1500"),
						Duration.ofMillis(1500), ProviderStubs.json(401, openAi("401", "Access denied")),
						ProviderStubs.json(404, openAi("DeploymentNotFound", "The API deployment does not exist")),
						get(urlEqualTo("/openai/deployments?api-version=2022-12-01")), list("gpt-4o")),
				new Case(new GeminiLlmProviderFactory(), "/v1beta/openai", "/v1beta/openai/chat/completions",
						"Authorization", "Bearer " + KEY, limited(429, GoogleRpcErrorsTests.RATE_LIMITED),
						Duration.ofSeconds(31), ProviderStubs.json(400, GoogleRpcErrorsTests.API_KEY_INVALID),
						ProviderStubs.json(404, GoogleRpcErrorsTests.NOT_FOUND),
						get(urlEqualTo("/v1beta/openai/models")),
						"{\"object\":\"list\",\"data\":[{\"id\":\"models/gpt-4o\",\"object\":\"model\","
								+ "\"owned_by\":\"google\"},{\"id\":\"models/gemini-2.5-flash\",\"object\":\"model\"}]}"),
				openAiLike(new GroqLlmProviderFactory(), "/openai/v1",
						limited(429, openAi("rate_limit_exceeded", "Rate limit reached"))
							.withHeader("x-ratelimit-remaining-requests", "0")
							.withHeader("x-ratelimit-reset-requests", "2m59.5s"),
						Duration.ofMillis(179_500)),
				new Case(new MistralLlmProviderFactory(), "/v1", "/v1/chat/completions", "Authorization",
						"Bearer " + KEY,
						limited(429, "{\"message\":\"Requests rate limit exceeded\"}").withHeader("retry-after", "4"),
						Duration.ofSeconds(4),
						ProviderStubs.json(401, "{\"message\":\"Unauthorized\",\"request_id\":\"r1\"}"),
						ProviderStubs.json(400,
								"{\"object\":\"error\",\"message\":\"Invalid model: gpt-4o\",\"type\":\"invalid_model\","
										+ "\"param\":null,\"code\":\"1500\"}"),
						get(urlEqualTo("/v1/models")), list("gpt-4o")),
				openAiLike(new DeepSeekLlmProviderFactory(), "",
						limited(429, openAi("rate_limit_exceeded", "Rate limit reached")).withHeader("retry-after",
								"9"),
						Duration.ofSeconds(9)),
				openAiLike(new XaiLlmProviderFactory(), "/v1",
						limited(429, openAi("rate_limit_exceeded", "Rate limit reached")).withHeader("retry-after",
								"3"),
						Duration.ofSeconds(3)),
				openAiLike(new OpenRouterLlmProviderFactory(), "/api/v1",
						limited(429, openAi("429", "Rate limit exceeded")).withHeader("x-ratelimit-remaining", "0")
							.withHeader("x-ratelimit-reset",
									String.valueOf(Instant.now().plus(Duration.ofHours(1)).toEpochMilli())),
						null),
				new Case(new TogetherLlmProviderFactory(), "/v1", "/v1/chat/completions", "Authorization",
						"Bearer " + KEY,
						limited(429, openAi("rate_limit_exceeded", "Rate limit reached"))
							.withHeader("x-ratelimit-remaining", "0")
							.withHeader("x-ratelimit-reset", "7"),
						Duration.ofSeconds(7), ProviderStubs.json(401, openAi("invalid_api_key", "Invalid API key")),
						ProviderStubs.json(404, openAi("model_not_found", "Unable to access model gpt-4o")),
						get(urlEqualTo("/v1/models")), "[{\"id\":\"gpt-4o\",\"object\":\"model\",\"type\":\"chat\"}]"),
				openAiLike(new FireworksLlmProviderFactory(), "/inference/v1",
						limited(429, openAi("rate_limit_exceeded", "Rate limit reached")).withHeader("retry-after",
								"2"),
						Duration.ofSeconds(2)),
				new Case(new OllamaLlmProviderFactory(), "/v1", "/v1/chat/completions", "Authorization", null,
						limited(429, openAi(null, "server busy, please try again")).withHeader("retry-after", "1"),
						Duration.ofSeconds(1), ProviderStubs.json(401, "{\"error\":\"unauthorized\"}"),
						ProviderStubs.json(404,
								"{\"error\":{\"message\":\"model \\\"gpt-4o\\\" not found, try pulling it first\","
										+ "\"type\":\"not_found_error\",\"param\":null,\"code\":null}}"),
						get(urlEqualTo("/api/tags")),
						"{\"models\":[{\"name\":\"gpt-4o:latest\",\"model\":\"gpt-4o:latest\",\"size\":1}]}"),
				new Case(new VllmLlmProviderFactory(), "/v1", "/v1/chat/completions", "Authorization", "Bearer " + KEY,
						limited(429, openAi(null, "Too many requests")).withHeader("retry-after", "5"),
						Duration.ofSeconds(5), ProviderStubs.json(401, "{\"error\":\"Unauthorized\"}"),
						ProviderStubs.json(404,
								"{\"object\":\"error\",\"message\":\"The model `gpt-4o` does not exist.\","
										+ "\"type\":\"NotFoundError\",\"param\":null,\"code\":404}"),
						get(urlEqualTo("/v1/models")), list("gpt-4o")));
	}

	@ParameterizedTest
	@MethodSource("types")
	void answersThroughItsChatEndpoint(Case type) {
		server.stubFor(post(urlEqualTo(type.chatPath())).willReturn(ProviderStubs.ok(ANSWER)));

		ChatResponse response = type.provider().chat("gpt-4o", ChatRequest.of("Hello")).block(BLOCK);

		assertThat(response.content()).isEqualTo("Hi");
		server.verify(postRequestedFor(urlEqualTo(type.chatPath()))
			.withHeader(type.authHeader(), (type.authValue() != null) ? equalTo(type.authValue()) : absent())
			.withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o"))));
	}

	@ParameterizedTest
	@MethodSource("types")
	void streamsThroughItsChatEndpoint(Case type) {
		server.stubFor(post(urlEqualTo(type.chatPath()))
			.willReturn(ProviderStubs.sse(ProviderStubs.openAiStream("Hel", "lo"))));

		List<ChatChunk> chunks = type.provider().stream("gpt-4o", ChatRequest.of("Hello")).collectList().block(BLOCK);

		assertThat(chunks).extracting(ChatChunk::text).containsExactly("Hel", "lo", "");
		server.verify(postRequestedFor(urlEqualTo(type.chatPath()))
			.withRequestBody(matchingJsonPath("$.stream", equalTo("true"))));
	}

	@Test
	void geminiRateLimitInAStreamCarriesTheDelayOfItsBody() {
		Case gemini = types().filter((type) -> type.factory().type().equals("gemini")).findFirst().orElseThrow();
		server.stubFor(post(urlEqualTo(gemini.chatPath())).willReturn(ProviderStubs.sse(ProviderStubs.openAiDelta("Hi")
				+ "data: {\"error\":{\"code\":429,\"message\":\"exhausted\",\"status\":\"RESOURCE_EXHAUSTED\","
				+ "\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"12s\"}]}}\n\n")));

		ProviderException failure = catchThrowableOfType(ProviderException.class,
				() -> gemini.provider().stream("gpt-4o", ChatRequest.of("Hello")).collectList().block(BLOCK));

		assertThat(failure.getOutcome()).isEqualTo(AttemptOutcome.RATE_LIMITED);
		assertThat(failure.getRetryAfter()).isEqualTo(Duration.ofSeconds(12));
	}

	@ParameterizedTest
	@MethodSource("types")
	void readsItsRateLimitAndItsRetryHint(Case type) {
		server.stubFor(post(urlEqualTo(type.chatPath())).willReturn(type.rateLimited()));

		ProviderException failure = fail(type.provider());

		assertThat(failure.getOutcome()).isEqualTo(AttemptOutcome.RATE_LIMITED);
		if (type.retryAfter() != null) {
			assertThat(failure.getRetryAfter()).isEqualTo(type.retryAfter());
		}
		else {
			// An instant an hour ahead of when the stubs were set up.
			assertThat(failure.getRetryAfter()).isBetween(Duration.ofMinutes(50), Duration.ofMinutes(60));
		}
	}

	@ParameterizedTest
	@MethodSource("types")
	void readsItsAuthErrorAsCredentials(Case type) {
		server.stubFor(post(urlEqualTo(type.chatPath())).willReturn(type.authError()));

		ProviderException failure = fail(type.provider());

		assertThat(failure.getOutcome()).isEqualTo(AttemptOutcome.AUTHENTICATION_FAILED);
		assertThat(failure.getMessage()).doesNotContain(KEY);
	}

	@ParameterizedTest
	@MethodSource("types")
	void readsItsUnknownModelError(Case type) {
		server.stubFor(post(urlEqualTo(type.chatPath())).willReturn(type.unknownModel()));

		assertThat(fail(type.provider()).getOutcome()).isEqualTo(AttemptOutcome.MODEL_NOT_FOUND);
	}

	@ParameterizedTest
	@MethodSource("types")
	void listsItsModelsForHealth(Case type) {
		server.stubFor(type.modelList().willReturn(ProviderStubs.ok(type.modelListBody())));
		LlmProvider provider = type.provider("gpt-4o", "gpt4o");

		List<String> offered = provider.listModels().block(BLOCK);

		assertThat(ModelCheck.missing(provider.models(), offered)).singleElement().satisfies((missing) -> {
			assertThat(missing.model()).isEqualTo("gpt4o");
			assertThat(missing.suggestion()).isEqualTo("gpt-4o");
		});
	}

	@ParameterizedTest
	@MethodSource("types")
	void fallsBackFromItsRateLimitToAnotherType(Case type) {
		server.stubFor(post(urlEqualTo(type.chatPath())).willReturn(type.rateLimited()));
		fallback.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(ProviderStubs.ok(ANSWER)));
		LlmProvider other = ProviderStubs.openAi("other", fallback, KEY, "gpt-4o-mini");

		ChatResponse response = FallbackChatService.builder()
			.provider(type.provider())
			.provider(other)
			.build()
			.chat(ChatRequest.of("Hello"));

		assertThat(response.provider()).isEqualTo("other");
		assertThat(response.attempts()).hasSize(2);
		assertThat(response.attempts().get(0).outcome()).isEqualTo(AttemptOutcome.RATE_LIMITED);
	}

	private static ProviderException fail(LlmProvider provider) {
		return catchThrowableOfType(ProviderException.class,
				() -> provider.chat("gpt-4o", ChatRequest.of("Hello")).block(BLOCK));
	}

	private static Case openAiLike(LlmProviderFactory factory, String basePath, ResponseDefinitionBuilder rateLimited,
			@Nullable Duration retryAfter) {
		return new Case(factory, basePath, basePath + "/chat/completions", "Authorization", "Bearer " + KEY,
				rateLimited, retryAfter, ProviderStubs.json(401, openAi("invalid_api_key", "Invalid API Key")),
				ProviderStubs.json(404, openAi("model_not_found", "The model `gpt-4o` does not exist")),
				get(urlEqualTo(basePath + "/models")), list("gpt-4o"));
	}

	private static ResponseDefinitionBuilder limited(int status, String body) {
		return ProviderStubs.json(status, body);
	}

	private static String openAi(@Nullable String code, String message) {
		return ProviderStubs.openAiError("invalid_request_error", code, message);
	}

	private static String list(String... ids) {
		StringBuilder body = new StringBuilder("{\"object\":\"list\",\"data\":[");
		for (int i = 0; i < ids.length; i++) {
			body.append((i > 0) ? "," : "").append("{\"id\":\"").append(ids[i]).append("\",\"object\":\"model\"}");
		}
		return body.append("]}").toString();
	}

	/**
	 * One type and how its stubbed service answers.
	 *
	 * @param factory the type's factory
	 * @param basePath the path of the base URL on the stub
	 * @param chatPath where chat calls go
	 * @param authHeader the header that carries the key
	 * @param authValue its value, or {@code null} when the type sends no key
	 * @param rateLimited the service's rate-limit response
	 * @param retryAfter the wait it names, or {@code null} for an hour from now
	 * @param authError the service's response to a bad key
	 * @param unknownModel the service's response to an unknown model
	 * @param modelList the model-list request
	 * @param modelListBody the model list, offering gpt-4o
	 */
	record Case(LlmProviderFactory factory, String basePath, String chatPath, String authHeader,
			@Nullable String authValue, ResponseDefinitionBuilder rateLimited, @Nullable Duration retryAfter,
			ResponseDefinitionBuilder authError, ResponseDefinitionBuilder unknownModel, MappingBuilder modelList,
			String modelListBody) {

		LlmProvider provider(String... models) {
			String key = (this.authValue != null) ? KEY : null;
			return this.factory.create(
					new ProviderSettings(this.factory.type(), server.baseUrl() + this.basePath, key,
							List.of((models.length > 0) ? models : new String[] { "gpt-4o" }), Map.of(), 1 << 20),
					WebClient.builder());
		}

		@Override
		public String toString() {
			return this.factory.type();
		}

	}

}
