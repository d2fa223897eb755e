package io.github.fallbackllm;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.fallbackllm.chat.AllProvidersFailedException;
import io.github.fallbackllm.chat.Attempt;
import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.chat.FinishReason;
import io.github.fallbackllm.chat.InvalidChatRequestException;
import io.github.fallbackllm.provider.LlmProvider;
import io.github.fallbackllm.provider.openai.OpenAiLlmProvider;
import io.github.fallbackllm.routing.AttemptTimeouts;
import io.github.fallbackllm.routing.CooldownSettings;
import io.github.fallbackllm.routing.RetrySettings;
import io.github.fallbackllm.routing.ProviderPolicies;
import io.github.fallbackllm.testsupport.ProviderStubs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;

import io.github.fallbackllm.testsupport.LogCapture;
import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.github.fallbackllm.testsupport.ProviderStubs.anthropicError;
import static io.github.fallbackllm.testsupport.ProviderStubs.anthropicMessage;
import static io.github.fallbackllm.testsupport.ProviderStubs.json;
import static io.github.fallbackllm.testsupport.ProviderStubs.ok;
import static io.github.fallbackllm.testsupport.ProviderStubs.openAiCompletion;
import static io.github.fallbackllm.testsupport.ProviderStubs.openAiError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The failure table of the README, row by row, against WireMock stubs of an OpenAI
 * provider (two models) followed by an Anthropic one. Request counts prove what was
 * called and what was not.
 */
@ExtendWith(LogCapture.class)
class FallbackChatServiceTests {

	private static final String OPENAI_KEY = "sk-proj-test0123456789abcdefOPENAI";

	private static final String ANTHROPIC_KEY = "sk-ant-test-ANTHROPIC";

	private static final String CHAT = "/v1/chat/completions";

	private static final String MESSAGES = "/v1/messages";

	@RegisterExtension
	static WireMockExtension openai = ProviderStubs.server();

	@RegisterExtension
	static WireMockExtension anthropic = ProviderStubs.server();

	private final FallbackChatService service = chain(CooldownSettings.DEFAULTS, ProviderStubs.TEST_TIMEOUTS,
			Duration.ofSeconds(10), "gpt-4o", "gpt-4o-mini");

	@Test
	void firstTargetAnswersWithProviderModelUsageAndOneAttempt() {
		openai.stubFor(post(CHAT).willReturn(ok(openAiCompletion("gpt-4o-2024-08-06", "Hello!"))));

		ChatResponse response = this.service.chat(ChatRequest.of("Hi"));

		assertThat(response.content()).isEqualTo("Hello!");
		assertThat(response.provider()).isEqualTo("openai");
		assertThat(response.model()).isEqualTo("gpt-4o-2024-08-06");
		assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
		assertThat(response.usage().totalTokens()).isEqualTo(29);
		assertThat(response.attempts()).singleElement().satisfies((attempt) -> {
			assertThat(attempt.outcome()).isEqualTo(AttemptOutcome.SUCCEEDED);
			assertThat(attempt.target()).isEqualTo("openai/gpt-4o");
		});
		assertThat(response.fellBack()).isFalse();
		openai.verify(postRequestedFor(urlEqualTo(CHAT)).withHeader("Authorization", equalTo("Bearer " + OPENAI_KEY))
			.withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o"))));
		assertThat(anthropic.getAllServeEvents()).isEmpty();
	}

	@Test
	void rateLimitedTargetIsLeftAtOnceAndSkippedUntilItsRetryAfter() {
		openai
			.stubFor(post(CHAT).willReturn(json(429, openAiError("tokens", "rate_limit_exceeded", "Rate limit reached"))
				.withHeader("retry-after", "30")));
		openai.stubFor(post(CHAT).withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o-mini")))
			.willReturn(ok(openAiCompletion("gpt-4o-mini", "From mini"))));

		ChatResponse first = this.service.chat(ChatRequest.of("Hi"));
		ChatResponse second = this.service.chat(ChatRequest.of("Hi again"));

		assertThat(first.content()).isEqualTo("From mini");
		assertThat(first.attempts()).extracting(Attempt::outcome)
			.containsExactly(AttemptOutcome.RATE_LIMITED, AttemptOutcome.SUCCEEDED);
		assertThat(first.attempts().get(0).httpStatus()).isEqualTo(429);
		assertThat(first.attempts().get(0).cooldown()).isEqualTo(Duration.ofSeconds(30));
		assertThat(second.attempts()).extracting(Attempt::outcome)
			.containsExactly(AttemptOutcome.SKIPPED, AttemptOutcome.SUCCEEDED);
		assertThat(second.attempts().get(0).detail()).contains("cooling down").contains("rate limited");
		openai.verify(1,
				postRequestedFor(urlEqualTo(CHAT)).withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o"))));
	}

	@Test
	void rateLimitedLastTargetIsRetriedAfterRetryAfterMilliseconds() {
		FallbackChatService single = single();
		stubThenSucceed(json(429, openAiError("requests", "rate_limit_exceeded", "Slow down"))
			.withHeader("retry-after-ms", "150"));

		long start = System.nanoTime();
		ChatResponse response = single.chat(ChatRequest.of("Hi"));

		assertThat(response.content()).isEqualTo("Recovered");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
		assertThat(response.attempts()).extracting(Attempt::outcome)
			.containsExactly(AttemptOutcome.RATE_LIMITED, AttemptOutcome.SUCCEEDED);
		openai.verify(2, postRequestedFor(urlEqualTo(CHAT)));
	}

	@Test
	void rateLimitedLastTargetIsRetriedAfterRetryAfterSeconds() {
		FallbackChatService single = single();
		stubThenSucceed(
				json(429, openAiError("requests", "rate_limit_exceeded", "Slow down")).withHeader("retry-after", "1"));

		long start = System.nanoTime();
		ChatResponse response = single.chat(ChatRequest.of("Hi"));

		assertThat(response.content()).isEqualTo("Recovered");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
		openai.verify(2, postRequestedFor(urlEqualTo(CHAT)));
	}

	@Test
	void rateLimitedLastTargetAskingForMoreThanMaxRetryAfterIsNotWaitedFor() {
		FallbackChatService single = single();
		openai.stubFor(post(CHAT).willReturn(
				json(429, openAiError("tokens", "rate_limit_exceeded", "Rate limit")).withHeader("retry-after", "60")));

		assertThatExceptionOfType(AllProvidersFailedException.class).isThrownBy(() -> single.chat(ChatRequest.of("Hi")))
			.satisfies(
					(ex) -> assertThat(ex.getRetryAfter()).isBetween(Duration.ofSeconds(55), Duration.ofSeconds(60)));
		openai.verify(1, postRequestedFor(urlEqualTo(CHAT)));
	}

	@Test
	void insufficientQuotaMovesOnWithoutRetryAndCoolsTheWholeProviderDown() {
		openai.stubFor(post(CHAT).willReturn(json(429, openAiError("insufficient_quota", "insufficient_quota",
				"You exceeded your current quota, please check your plan and billing details."))));
		anthropic.stubFor(post(MESSAGES).willReturn(ok(anthropicMessage("claude-sonnet-4-5", "From Claude"))));

		ChatResponse first = this.service.chat(ChatRequest.of("Hi"));
		ChatResponse second = this.service.chat(ChatRequest.of("Hi again"));

		assertThat(first.content()).isEqualTo("From Claude");
		assertThat(first.attempts()).extracting(Attempt::outcome)
			.containsExactly(AttemptOutcome.QUOTA_EXCEEDED, AttemptOutcome.SKIPPED, AttemptOutcome.SUCCEEDED);
		assertThat(first.attempts().get(0).action()).contains("billing").contains("does not recover by itself");
		assertThat(first.attempts().get(0).cooldown()).isEqualTo(CooldownSettings.DEFAULTS.longDuration());
		assertThat(second.attempts()).extracting(Attempt::outcome)
			.containsExactly(AttemptOutcome.SKIPPED, AttemptOutcome.SKIPPED, AttemptOutcome.SUCCEEDED);
		openai.verify(1, postRequestedFor(urlEqualTo(CHAT)));
	}

	@Test
	void anthropicBillingErrorIsAQuotaFailure() {
		FallbackChatService anthropicFirst = anthropicFirst();
		anthropic.stubFor(post(MESSAGES)
			.willReturn(json(402, anthropicError("billing_error", "Your credit balance is too low"))));
		openai.stubFor(post(CHAT).willReturn(ok(openAiCompletion("gpt-4o", "From OpenAI"))));

		ChatResponse response = anthropicFirst.chat(ChatRequest.of("Hi"));

		assertThat(response.attempts().get(0).outcome()).isEqualTo(AttemptOutcome.QUOTA_EXCEEDED);
		assertThat(response.content()).isEqualTo("From OpenAI");
		anthropic.verify(1, postRequestedFor(urlEqualTo(MESSAGES)));
	}

	@ParameterizedTest
	@ValueSource(ints = { 500, 502, 503, 504, 408, 529 })
	void transientServerErrorsAreRetriedThenFallBack(int status) {
		openai
			.stubFor(post(CHAT).willReturn(json(status, openAiError("server_error", null, "The server had an error"))));
		openai.stubFor(post(CHAT).withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o-mini")))
			.willReturn(ok(openAiCompletion("gpt-4o-mini", "From mini"))));

		ChatResponse response = this.service.chat(ChatRequest.of("Hi"));

		assertThat(response.content()).isEqualTo("From mini");
		assertThat(response.attempts()).extracting(Attempt::outcome)
			.containsExactly(AttemptOutcome.SERVER_ERROR, AttemptOutcome.SERVER_ERROR, AttemptOutcome.SUCCEEDED);
		assertThat(response.attempts().get(0).httpStatus()).isEqualTo(status);
		openai.verify(2,
				postRequestedFor(urlEqualTo(CHAT)).withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o"))));
	}

	@Test
	void anthropicOverloadedIsRetriedThenFallsBack() {
		FallbackChatService anthropicFirst = anthropicFirst();
		anthropic.stubFor(post(MESSAGES).willReturn(json(529, anthropicError("overloaded_error", "Overloaded"))));
		openai.stubFor(post(CHAT).willReturn(ok(openAiCompletion("gpt-4o", "From OpenAI"))));

		ChatResponse response = anthropicFirst.chat(ChatRequest.of("Hi"));

		assertThat(response.content()).isEqualTo("From OpenAI");
		assertThat(response.attempts().get(0).errorCode()).isEqualTo("overloaded_error");
		anthropic.verify(2, postRequestedFor(urlEqualTo(MESSAGES)));
	}

	@Test
	void consecutiveTransientFailuresCoolTheTargetDown() {
		openai.stubFor(post(CHAT).willReturn(json(503, openAiError("server_error", null, "Unavailable"))));
		anthropic.stubFor(post(MESSAGES).willReturn(ok(anthropicMessage("claude-sonnet-4-5", "From Claude"))));
		FallbackChatService oneModel = chain(CooldownSettings.DEFAULTS, ProviderStubs.TEST_TIMEOUTS,
				Duration.ofSeconds(10), "gpt-4o");

		oneModel.chat(ChatRequest.of("1"));
		ChatResponse second = oneModel.chat(ChatRequest.of("2"));
		ChatResponse third = oneModel.chat(ChatRequest.of("3"));

		assertThat(second.attempts().get(0).cooldown()).isEqualTo(CooldownSettings.DEFAULTS.duration());
		assertThat(third.attempts().get(0).outcome()).isEqualTo(AttemptOutcome.SKIPPED);
		// Two attempts on the first call, one on the second (the third failure cools it
		// down, so it is not retried), none on the third.
		openai.verify(3, postRequestedFor(urlEqualTo(CHAT)));
	}

	@Test
	void serverErrorsCoolDownForTheCooldownDurationWhateverRateLimitHeadersSay() {
		openai.stubFor(post(CHAT).willReturn(json(500, openAiError("server_error", null, "boom"))
			.withHeader("x-ratelimit-remaining-requests", "4999")
			.withHeader("x-ratelimit-reset-requests", "12ms")
			.withHeader("x-ratelimit-remaining-tokens", "159976")
			.withHeader("x-ratelimit-reset-tokens", "6m0s")));
		anthropic.stubFor(post(MESSAGES).willReturn(ok(anthropicMessage("claude-sonnet-4-5", "From Claude"))));
		FallbackChatService oneFailureCools = chain(
				new CooldownSettings(1, Duration.ofSeconds(30), Duration.ofMinutes(5)), ProviderStubs.TEST_TIMEOUTS,
				Duration.ofSeconds(10), "gpt-4o");

		ChatResponse first = oneFailureCools.chat(ChatRequest.of("1"));
		Mono.delay(Duration.ofMillis(100)).block();
		ChatResponse second = oneFailureCools.chat(ChatRequest.of("2"));

		assertThat(first.attempts().get(0).cooldown()).isEqualTo(Duration.ofSeconds(30));
		assertThat(second.attempts().get(0).outcome()).isEqualTo(AttemptOutcome.SKIPPED);
		openai.verify(1, postRequestedFor(urlEqualTo(CHAT)));
	}

	@Test
	void connectionRefusedIsRetriedThenFallsBack() {
		OpenAiLlmProvider unreachable = new OpenAiLlmProvider(
				ProviderStubs.settings("down", "http://127.0.0.1:1/v1", OPENAI_KEY, "gpt-4o"), WebClient.builder());
		anthropic.stubFor(post(MESSAGES).willReturn(ok(anthropicMessage("claude-sonnet-4-5", "From Claude"))));
		FallbackChatService chain = FallbackChatService.builder()
			.provider(ProviderStubs.policies(unreachable))
			.provider(ProviderStubs
				.policies(ProviderStubs.anthropic("anthropic", anthropic, ANTHROPIC_KEY, "claude-sonnet-4-5")))
			.build();

		ChatResponse response = chain.chat(ChatRequest.of("Hi"));

		assertThat(response.attempts()).extracting(Attempt::outcome)
			.containsExactly(AttemptOutcome.NETWORK_ERROR, AttemptOutcome.NETWORK_ERROR, AttemptOutcome.SUCCEEDED);
		assertThat(response.attempts().get(0).detail()).containsIgnoringCase("connect");
	}

	@Test
	void timedOutTargetIsLeftAtOnceWhileAnotherCanAnswer() {
		openai.stubFor(post(CHAT).willReturn(ok(openAiCompletion("gpt-4o", "Too late")).withFixedDelay(3000)));
		anthropic.stubFor(post(MESSAGES).willReturn(ok(anthropicMessage("claude-sonnet-4-5", "From Claude"))));
		// The default ratio: two response timeouts do not fit in one deadline.
		AttemptTimeouts fast = new AttemptTimeouts(Duration.ofMillis(500), Duration.ofMillis(500),
				Duration.ofMillis(500));
		FallbackChatService chain = chain(CooldownSettings.DEFAULTS, fast, Duration.ofMillis(1000), "gpt-4o");

		ChatResponse response = chain.chat(ChatRequest.of("Hi"));

		assertThat(response.content()).isEqualTo("From Claude");
		assertThat(response.attempts()).extracting(Attempt::outcome)
			.containsExactly(AttemptOutcome.TIMEOUT, AttemptOutcome.SUCCEEDED);
		openai.verify(1, postRequestedFor(urlEqualTo(CHAT)));
	}

	@Test
	void timedOutLastTargetIsRetried() {
		stubThenSucceed(ok(openAiCompletion("gpt-4o", "Too late")).withFixedDelay(3000));
		FallbackChatService single = FallbackChatService.builder()
			.provider(new ProviderPolicies(ProviderStubs.openAi("openai", openai, OPENAI_KEY, "gpt-4o"),
					ProviderStubs.FAST_RETRY, CooldownSettings.DEFAULTS,
					new AttemptTimeouts(Duration.ofMillis(500), Duration.ofMillis(500), Duration.ofMillis(500))))
			.build();

		ChatResponse response = single.chat(ChatRequest.of("Hi"));

		assertThat(response.attempts()).extracting(Attempt::outcome)
			.containsExactly(AttemptOutcome.TIMEOUT, AttemptOutcome.SUCCEEDED);
		openai.verify(2, postRequestedFor(urlEqualTo(CHAT)));
	}

	@Test
	void truncatedSuccessBodyFallsBackWithoutRetry() {
		openai
			.stubFor(post(CHAT).willReturn(ok("{\"id\":\"chatcmpl-1\",\"choices\":[{\"message\":{\"content\":\"Hel")));
		anthropic.stubFor(post(MESSAGES).willReturn(ok(anthropicMessage("claude-sonnet-4-5", "From Claude"))));

		ChatResponse response = chain(CooldownSettings.DEFAULTS, ProviderStubs.TEST_TIMEOUTS, Duration.ofSeconds(10),
				"gpt-4o")
			.chat(ChatRequest.of("Hi"));

		assertThat(response.attempts()).extracting(Attempt::outcome)
			.containsExactly(AttemptOutcome.INVALID_RESPONSE, AttemptOutcome.SUCCEEDED);
		openai.verify(1, postRequestedFor(urlEqualTo(CHAT)));
	}

	@Test
	void htmlErrorPageIsAServerError() {
		openai.stubFor(post(CHAT).willReturn(aResponse().withStatus(502)
			.withHeader("Content-Type", "text/html")
			.withBody("<html><head><title>502 Bad Gateway</title></head><body><center>nginx</center></body></html>")));
		anthropic.stubFor(post(MESSAGES).willReturn(ok(anthropicMessage("claude-sonnet-4-5", "From Claude"))));

		ChatResponse response = chain(CooldownSettings.DEFAULTS, ProviderStubs.TEST_TIMEOUTS, Duration.ofSeconds(10),
				"gpt-4o")
			.chat(ChatRequest.of("Hi"));

		assertThat(response.attempts().get(0).outcome()).isEqualTo(AttemptOutcome.SERVER_ERROR);
		assertThat(response.attempts().get(0).detail()).isEqualTo("HTML page: 502 Bad Gateway");
		openai.verify(2, postRequestedFor(urlEqualTo(CHAT)));
	}

	@ParameterizedTest
	@ValueSource(ints = { 401, 403 })
	void rejectedCredentialsMoveOnAndCoolTheProviderDownWithOneLoudLine(int status, LogCapture.Lines output) {
		openai.stubFor(post(CHAT).willReturn(json(status, openAiError("invalid_request_error", "invalid_api_key",
				"Incorrect API key provided: sk-proj-****CDEF."))));
		anthropic.stubFor(post(MESSAGES).willReturn(ok(anthropicMessage("claude-sonnet-4-5", "From Claude"))));

		ChatResponse first = this.service.chat(ChatRequest.of("Hi"));
		ChatResponse second = this.service.chat(ChatRequest.of("Hi"));

		assertThat(first.attempts()).extracting(Attempt::outcome)
			.containsExactly(AttemptOutcome.AUTHENTICATION_FAILED, AttemptOutcome.SKIPPED, AttemptOutcome.SUCCEEDED);
		assertThat(first.attempts().get(0).action()).isEqualTo("check the credentials of provider 'openai'");
		assertThat(second.attempts()).extracting(Attempt::outcome)
			.containsExactly(AttemptOutcome.SKIPPED, AttemptOutcome.SKIPPED, AttemptOutcome.SUCCEEDED);
		openai.verify(1, postRequestedFor(urlEqualTo(CHAT)));
		assertThat(output.getAll()
			.lines()
			.filter((line) -> line.contains("ERROR"))
			.filter((line) -> line.contains("Check the credentials of provider 'openai'"))).hasSize(1);
	}

	@Test
	void unknownModelCoolsOnlyThatModelDown() {
		openai.stubFor(post(CHAT).willReturn(json(404, openAiError("invalid_request_error", "model_not_found",
				"The model `gpt-4o` does not exist or you do not have access to it."))));
		openai.stubFor(post(CHAT).withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o-mini")))
			.willReturn(ok(openAiCompletion("gpt-4o-mini", "From mini"))));

		ChatResponse first = this.service.chat(ChatRequest.of("Hi"));
		ChatResponse second = this.service.chat(ChatRequest.of("Hi"));

		assertThat(first.attempts().get(0).outcome()).isEqualTo(AttemptOutcome.MODEL_NOT_FOUND);
		assertThat(first.attempts().get(0).action()).contains("model 'gpt-4o' of provider 'openai'");
		assertThat(second.attempts()).extracting(Attempt::outcome)
			.containsExactly(AttemptOutcome.SKIPPED, AttemptOutcome.SUCCEEDED);
		assertThat(second.content()).isEqualTo("From mini");
		openai.verify(1,
				postRequestedFor(urlEqualTo(CHAT)).withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o"))));
	}

	@Test
	void contextTooLongMovesOnWithoutCoolingDown() {
		openai.stubFor(post(CHAT).willReturn(json(400, openAiError("invalid_request_error", "context_length_exceeded",
				"This model's maximum context length is 8192 tokens."))));
		anthropic.stubFor(post(MESSAGES).willReturn(ok(anthropicMessage("claude-sonnet-4-5", "Bigger window"))));

		ChatResponse first = this.service.chat(ChatRequest.of("Long"));
		ChatResponse second = this.service.chat(ChatRequest.of("Long"));

		assertThat(first.attempts()).extracting(Attempt::outcome)
			.containsExactly(AttemptOutcome.CONTEXT_TOO_LONG, AttemptOutcome.CONTEXT_TOO_LONG,
					AttemptOutcome.SUCCEEDED);
		assertThat(first.attempts().get(0).cooldown()).isNull();
		assertThat(second.attempts()).extracting(Attempt::outcome).doesNotContain(AttemptOutcome.SKIPPED);
		openai.verify(4, postRequestedFor(urlEqualTo(CHAT)));
	}

	@Test
	void contentFilteredAnswerMovesOnWithoutCoolingDown() {
		openai.stubFor(
				post(CHAT).willReturn(ok(openAiCompletion("gpt-4o", "").replace("\"stop\"", "\"content_filter\""))));
		anthropic.stubFor(post(MESSAGES).willReturn(ok(anthropicMessage("claude-sonnet-4-5", "From Claude"))));

		ChatResponse response = this.service.chat(ChatRequest.of("Hi"));

		assertThat(response.attempts()).extracting(Attempt::outcome)
			.containsExactly(AttemptOutcome.CONTENT_FILTERED, AttemptOutcome.CONTENT_FILTERED,
					AttemptOutcome.SUCCEEDED);
		assertThat(response.attempts().get(0).cooldown()).isNull();
		openai.verify(2, postRequestedFor(urlEqualTo(CHAT)));
	}

	@Test
	void azureContentFilterErrorMovesOn() {
		openai.stubFor(post(CHAT).willReturn(json(400,
				"""
						{"error":{"message":"The response was filtered due to the prompt triggering Azure OpenAI's content management policy.",
						 "type":null,"param":"prompt","code":"content_filter","status":400,
						 "innererror":{"code":"ResponsibleAIPolicyViolation","content_filter_result":{"hate":{"filtered":true,"severity":"medium"}}}}}""")));
		anthropic.stubFor(post(MESSAGES).willReturn(ok(anthropicMessage("claude-sonnet-4-5", "From Claude"))));

		ChatResponse response = this.service.chat(ChatRequest.of("Hi"));

		assertThat(response.attempts().get(0).outcome()).isEqualTo(AttemptOutcome.CONTENT_FILTERED);
		assertThat(response.content()).isEqualTo("From Claude");
	}

	@Test
	void otherBadRequestsMoveOnWithoutRetryOrCooldown() {
		openai.stubFor(post(CHAT)
			.willReturn(json(400, openAiError("invalid_request_error", null, "Invalid value for 'temperature'"))));
		anthropic.stubFor(post(MESSAGES).willReturn(json(400,
				anthropicError("invalid_request_error", "prompt is too long: 208310 tokens > 200000 maximum"))));

		assertThatExceptionOfType(AllProvidersFailedException.class)
			.isThrownBy(() -> this.service.chat(ChatRequest.of("Hi")))
			.satisfies((ex) -> {
				assertThat(ex.getAttempts()).extracting(Attempt::outcome)
					.containsOnly(AttemptOutcome.BAD_REQUEST)
					.hasSize(3);
				assertThat(ex.getAttempts()).extracting(Attempt::cooldown).containsOnlyNulls();
				assertThat(ex.getMessage()).contains("prompt is too long: 208310 tokens > 200000 maximum");
				assertThat(ex.getRetryAfter()).isNull();
			});
	}

	@Test
	void whenEveryTargetIsCoolingDownTheSoonestGetsOneAttempt() {
		FallbackChatService chain = chain(CooldownSettings.DEFAULTS, ProviderStubs.TEST_TIMEOUTS,
				Duration.ofSeconds(10), "gpt-4o");
		openai.stubFor(post(CHAT).willReturn(
				json(429, openAiError("tokens", "rate_limit_exceeded", "Rate limit")).withHeader("retry-after", "20")));
		anthropic.stubFor(post(MESSAGES)
			.willReturn(json(429, anthropicError("rate_limit_error", "Rate limit")).withHeader("retry-after", "40")));

		assertThatExceptionOfType(AllProvidersFailedException.class).isThrownBy(() -> chain.chat(ChatRequest.of("1")));
		assertThatExceptionOfType(AllProvidersFailedException.class).isThrownBy(() -> chain.chat(ChatRequest.of("2")))
			.satisfies((ex) -> {
				assertThat(ex.getAttempts()).extracting(Attempt::outcome)
					.containsExactly(AttemptOutcome.RATE_LIMITED, AttemptOutcome.SKIPPED);
				assertThat(ex.getRetryAfter()).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(20));
				assertThat(ex.getMessage()).contains("The soonest target is expected back in");
			});
		openai.verify(2, postRequestedFor(urlEqualTo(CHAT)));
		anthropic.verify(1, postRequestedFor(urlEqualTo(MESSAGES)));
	}

	@Test
	void concurrentCallsRespectARateLimitedLastTargetWithOneTrialAtATime() {
		openai.stubFor(post(CHAT).inScenario("limited")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(json(429, openAiError("tokens", "rate_limit_exceeded", "Rate limit")).withHeader("retry-after",
					"30"))
			.willSetStateTo("still limited"));
		openai.stubFor(post(CHAT).inScenario("limited")
			.whenScenarioStateIs("still limited")
			.willReturn(json(429, openAiError("tokens", "rate_limit_exceeded", "Rate limit"))
				.withHeader("retry-after", "30")
				.withFixedDelay(1000)));
		FallbackChatService single = single();
		assertThatExceptionOfType(AllProvidersFailedException.class)
			.isThrownBy(() -> single.chat(ChatRequest.of("discovers the rate limit")));

		List<Throwable> failures = Flux.range(0, 20)
			.flatMap((i) -> single.chatAsync(ChatRequest.of("call " + i))
				.then(Mono.<Throwable>empty())
				.onErrorResume(Mono::just), 20)
			.collectList()
			.block(Duration.ofSeconds(30));

		assertThat(failures).hasSize(20).allSatisfy((failure) -> {
			assertThat(failure).isInstanceOf(AllProvidersFailedException.class);
			assertThat(((AllProvidersFailedException) failure).getRetryAfter()).isGreaterThan(Duration.ofSeconds(20));
		});
		assertThat(failures)
			.filteredOn((failure) -> ((AllProvidersFailedException) failure).getAttempts()
				.get(0)
				.outcome() == AttemptOutcome.RATE_LIMITED)
			.hasSize(1);
		openai.verify(2, postRequestedFor(urlEqualTo(CHAT)));
	}

	@Test
	void concurrentCallsEachTryATargetCooledOnlyByTransientFailures() {
		openai.stubFor(post(CHAT).inScenario("flaky")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(json(503, openAiError("server_error", null, "Unavailable")))
			.willSetStateTo("back"));
		openai.stubFor(post(CHAT).inScenario("flaky")
			.whenScenarioStateIs("back")
			.willReturn(ok(openAiCompletion("gpt-4o", "Back")).withFixedDelay(300)));
		FallbackChatService single = FallbackChatService.builder()
			.provider(new ProviderPolicies(ProviderStubs.openAi("openai", openai, OPENAI_KEY, "gpt-4o"),
					new RetrySettings(0, Duration.ofMillis(10), 2, Duration.ofMillis(50), Duration.ZERO,
							Duration.ofSeconds(10)),
					new CooldownSettings(1, Duration.ofSeconds(30), Duration.ofMinutes(5)),
					ProviderStubs.TEST_TIMEOUTS))
			.build();
		assertThatExceptionOfType(AllProvidersFailedException.class).isThrownBy(() -> single.chat(ChatRequest.of("1")));

		List<ChatResponse> responses = Flux.range(0, 10)
			.flatMap((i) -> single.chatAsync(ChatRequest.of("call " + i)), 10)
			.collectList()
			.block(Duration.ofSeconds(30));

		assertThat(responses).hasSize(10).allSatisfy((response) -> assertThat(response.content()).isEqualTo("Back"));
		openai.verify(11, postRequestedFor(urlEqualTo(CHAT)));
	}

	@Test
	void deadlineBoundsTheWholeCall() {
		openai.stubFor(post(CHAT).willReturn(ok(openAiCompletion("gpt-4o", "Too late")).withFixedDelay(10_000)));
		AttemptTimeouts slow = new AttemptTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(30),
				Duration.ofSeconds(30));
		FallbackChatService chain = chain(CooldownSettings.DEFAULTS, slow, Duration.ofMillis(500), "gpt-4o");

		StepVerifier.create(chain.chatAsync(ChatRequest.of("Hi"))).expectErrorSatisfies((ex) -> {
			assertThat(ex).isInstanceOf(AllProvidersFailedException.class)
				.hasMessageStartingWith("Deadline of 500 ms reached");
			assertThat(((AllProvidersFailedException) ex).getAttempts()).singleElement()
				.satisfies((attempt) -> assertThat(attempt.outcome()).isEqualTo(AttemptOutcome.TIMEOUT));
		}).verify(Duration.ofSeconds(5));
		assertThat(anthropic.getAllServeEvents()).isEmpty();
	}

	@Test
	void cancellingTheCallClosesTheConnectionInFlight() throws InterruptedException {
		CountDownLatch received = new CountDownLatch(1);
		CountDownLatch closed = new CountDownLatch(1);
		DisposableServer server = HttpServer.create().host("127.0.0.1").port(0).handle((request, response) -> {
			response.withConnection((connection) -> connection.onDispose(closed::countDown));
			received.countDown();
			return Mono.never();
		}).bindNow();
		try {
			LlmProvider hanging = new OpenAiLlmProvider(ProviderStubs.settings("hanging",
					"http://127.0.0.1:" + server.port() + "/v1", OPENAI_KEY, "gpt-4o"), WebClient.builder());
			Disposable call = FallbackChatService.builder()
				.provider(hanging)
				.build()
				.chatAsync(ChatRequest.of("Hi"))
				.subscribe();
			assertThat(received.await(5, TimeUnit.SECONDS)).isTrue();

			call.dispose();

			assertThat(closed.await(5, TimeUnit.SECONDS)).as("server saw the connection close").isTrue();
		}
		finally {
			server.disposeNow();
		}
	}

	@Test
	void concurrentCallsWhilePrimaryIsRateLimitedAreBoundedByTheCooldownNotTheCallCount() {
		openai.stubFor(post(CHAT).willReturn(
				json(429, openAiError("tokens", "rate_limit_exceeded", "Rate limit")).withHeader("retry-after", "30")));
		anthropic.stubFor(post(MESSAGES).willReturn(ok(anthropicMessage("claude-sonnet-4-5", "From Claude"))));
		FallbackChatService chain = chain(CooldownSettings.DEFAULTS, ProviderStubs.TEST_TIMEOUTS,
				Duration.ofSeconds(10), "gpt-4o");
		chain.chat(ChatRequest.of("discovers the rate limit"));

		List<ChatResponse> responses = Flux.range(0, 200)
			.flatMap((i) -> chain.chatAsync(ChatRequest.of("call " + i)), 200)
			.collectList()
			.block(Duration.ofSeconds(30));

		assertThat(responses).hasSize(200)
			.allSatisfy((response) -> assertThat(response.provider()).isEqualTo("anthropic"));
		openai.verify(1, postRequestedFor(urlEqualTo(CHAT)));
		anthropic.verify(201, postRequestedFor(urlEqualTo(MESSAGES)));
	}

	@Test
	void whenACooldownEndsOneTrialCallProbesTheTargetWhileOthersSkipIt() {
		openai.stubFor(post(CHAT).inScenario("recovering")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(json(429, openAiError("tokens", "rate_limit_exceeded", "Rate limit"))
				.withHeader("retry-after-ms", "300"))
			.willSetStateTo("recovered"));
		openai.stubFor(post(CHAT).inScenario("recovering")
			.whenScenarioStateIs("recovered")
			.willReturn(ok(openAiCompletion("gpt-4o", "Back")).withFixedDelay(1500)));
		anthropic.stubFor(post(MESSAGES).willReturn(ok(anthropicMessage("claude-sonnet-4-5", "From Claude"))));
		FallbackChatService chain = chain(CooldownSettings.DEFAULTS, ProviderStubs.TEST_TIMEOUTS,
				Duration.ofSeconds(10), "gpt-4o");
		chain.chat(ChatRequest.of("discovers the rate limit"));
		Mono.delay(Duration.ofMillis(400)).block();

		List<ChatResponse> responses = Flux.range(0, 50)
			.flatMap((i) -> chain.chatAsync(ChatRequest.of("call " + i)).subscribeOn(Schedulers.parallel()), 50)
			.collectList()
			.block(Duration.ofSeconds(30));

		assertThat(responses).filteredOn((response) -> response.provider().equals("openai")).hasSize(1);
		openai.verify(2, postRequestedFor(urlEqualTo(CHAT)));
	}

	@Test
	void aCallTryingAProvidersRecoveryMayUseItsOtherModels() {
		openai.stubFor(post(CHAT).inScenario("key")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(json(401, openAiError("invalid_request_error", "invalid_api_key", "Incorrect API key")))
			.willSetStateTo("fixed"));
		openai.stubFor(post(CHAT).inScenario("key")
			.whenScenarioStateIs("fixed")
			.withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o")))
			.willReturn(json(503, openAiError("server_error", null, "Unavailable"))));
		openai.stubFor(post(CHAT).inScenario("key")
			.whenScenarioStateIs("fixed")
			.withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o-mini")))
			.willReturn(ok(openAiCompletion("gpt-4o-mini", "From mini"))));
		anthropic.stubFor(post(MESSAGES).willReturn(ok(anthropicMessage("claude-sonnet-4-5", "From Claude"))));
		FallbackChatService chain = chain(new CooldownSettings(3, Duration.ofSeconds(30), Duration.ofMillis(300)),
				ProviderStubs.TEST_TIMEOUTS, Duration.ofSeconds(10), "gpt-4o", "gpt-4o-mini");
		chain.chat(ChatRequest.of("rejected key"));
		Mono.delay(Duration.ofMillis(400)).block();

		ChatResponse response = chain.chat(ChatRequest.of("after the cooldown"));

		assertThat(response.content()).isEqualTo("From mini");
		assertThat(response.attempts()).extracting(Attempt::outcome)
			.containsExactly(AttemptOutcome.SERVER_ERROR, AttemptOutcome.SERVER_ERROR, AttemptOutcome.SUCCEEDED);
	}

	@Test
	void exceptionListsEveryAttemptWithWhatTheProviderSaidAndWhatToFix() {
		openai.stubFor(post(CHAT)
			.willReturn(json(401, openAiError("invalid_request_error", "invalid_api_key", "Incorrect API key provided: "
					+ OPENAI_KEY + ". You can find your API key at https://platform.openai.com."))));
		anthropic.stubFor(post(MESSAGES).willReturn(json(529, anthropicError("overloaded_error", "Overloaded"))));

		assertThatExceptionOfType(AllProvidersFailedException.class)
			.isThrownBy(() -> this.service.chat(ChatRequest.of("Hi")))
			.satisfies((ex) -> {
				assertThat(ex.getMessage()).startsWith("All 3 LLM targets failed (4 attempts in ")
					.contains("1. openai/gpt-4o: rejected the credentials (HTTP 401, invalid_api_key, ")
					.contains("Incorrect API key provided: [REDACTED]")
					.contains("-> check the credentials of provider 'openai'")
					.contains("2. openai/gpt-4o-mini: skipped - cooling down for 5 min after: rejected the credentials")
					.contains("3. anthropic/claude-sonnet-4-5: server error (HTTP 529, overloaded_error, ")
					.contains("4. anthropic/claude-sonnet-4-5: server error (HTTP 529")
					.contains("- Overloaded")
					.doesNotContain(OPENAI_KEY)
					.doesNotContain(ANTHROPIC_KEY);
				assertThat(ex.getAttempts()).hasSize(4);
				assertThat(ex.getRetryAfter()).as("anthropic is not cooling: the next call tries it at once").isNull();
			});
	}

	@Test
	void secretsEchoedByProvidersNeverReachErrorsOrLogs(LogCapture.Lines output) {
		openai.stubFor(post(CHAT).willReturn(json(401, openAiError("invalid_request_error", "invalid_api_key",
				"Incorrect API key provided: " + OPENAI_KEY + " (sk-proj-test***OPENAI)"))));
		anthropic.stubFor(post(MESSAGES)
			.willReturn(json(401, anthropicError("authentication_error", "invalid x-api-key " + ANTHROPIC_KEY))));

		AllProvidersFailedException failure = org.junit.jupiter.api.Assertions
			.assertThrows(AllProvidersFailedException.class, () -> this.service.chat(ChatRequest.of("Hi")));

		assertThat(failure.getMessage()).doesNotContain(OPENAI_KEY, ANTHROPIC_KEY, "test***OPENAI");
		assertThat(failure.toString()).doesNotContain(OPENAI_KEY, ANTHROPIC_KEY);
		assertThat(failure.getAttempts()).allSatisfy(
				(attempt) -> assertThat(attempt.toString()).doesNotContain(OPENAI_KEY, ANTHROPIC_KEY, "test***OPENAI"));
		assertThat(output.getAll()).contains("rejected the credentials").doesNotContain(OPENAI_KEY, ANTHROPIC_KEY);
	}

	@Test
	void invalidRequestsFailBeforeAnyNetworkCall() {
		assertThatExceptionOfType(InvalidChatRequestException.class).isThrownBy(() -> this.service.chatAsync(null));
		assertThatExceptionOfType(InvalidChatRequestException.class)
			.isThrownBy(() -> this.service.chat(ChatRequest.builder().maxTokens(-1).user("Hi").build()));
		assertThat(openai.getAllServeEvents()).isEmpty();
	}

	@Test
	void blockingConvenienceReturnsTheText() {
		openai.stubFor(post(CHAT).willReturn(ok(openAiCompletion("gpt-4o", "Plain text"))));

		assertThat(this.service.chat("Hi")).isEqualTo("Plain text");
	}

	@Test
	void retriesWaitTheConfiguredBackoffBetweenAttempts() {
		openai.stubFor(post(CHAT).willReturn(json(500, openAiError("server_error", null, "boom"))));
		anthropic.stubFor(post(MESSAGES).willReturn(ok(anthropicMessage("claude-sonnet-4-5", "From Claude"))));
		ProviderPolicies slowRetries = new ProviderPolicies(
				ProviderStubs.openAi("openai", openai, OPENAI_KEY, "gpt-4o"), new RetrySettings(2,
						Duration.ofMillis(100), 2, Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(10)),
				CooldownSettings.DEFAULTS, ProviderStubs.TEST_TIMEOUTS);
		FallbackChatService chain = FallbackChatService.builder()
			.provider(slowRetries)
			.provider(ProviderStubs
				.policies(ProviderStubs.anthropic("anthropic", anthropic, ANTHROPIC_KEY, "claude-sonnet-4-5")))
			.build();

		chain.chat(ChatRequest.of("Hi"));

		List<Long> arrivals = openai.getAllServeEvents()
			.stream()
			.map((event) -> event.getRequest().getLoggedDate().getTime())
			.sorted()
			.toList();
		assertThat(arrivals).hasSize(3);
		assertThat(arrivals.get(1) - arrivals.get(0)).as("first wait").isGreaterThanOrEqualTo(100);
		assertThat(arrivals.get(2) - arrivals.get(1)).as("second wait, doubled").isGreaterThanOrEqualTo(200);
	}

	private FallbackChatService anthropicFirst() {
		return FallbackChatService.builder()
			.provider(ProviderStubs
				.policies(ProviderStubs.anthropic("anthropic", anthropic, ANTHROPIC_KEY, "claude-sonnet-4-5")))
			.provider(ProviderStubs.policies(ProviderStubs.openAi("openai", openai, OPENAI_KEY, "gpt-4o")))
			.build();
	}

	private FallbackChatService single() {
		return FallbackChatService.builder()
			.provider(ProviderStubs.policies(ProviderStubs.openAi("openai", openai, OPENAI_KEY, "gpt-4o")))
			.build();
	}

	private void stubThenSucceed(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder failure) {
		openai.stubFor(post(CHAT).inScenario("retry")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(failure)
			.willSetStateTo("ok"));
		openai.stubFor(post(CHAT).inScenario("retry")
			.whenScenarioStateIs("ok")
			.willReturn(ok(openAiCompletion("gpt-4o", "Recovered"))));
	}

	private static FallbackChatService chain(CooldownSettings cooldown, AttemptTimeouts timeouts, Duration deadline,
			String... openAiModels) {
		return FallbackChatService.builder()
			.provider(new ProviderPolicies(ProviderStubs.openAi("openai", openai, OPENAI_KEY, openAiModels),
					ProviderStubs.FAST_RETRY, cooldown, timeouts))
			.provider(new ProviderPolicies(
					ProviderStubs.anthropic("anthropic", anthropic, ANTHROPIC_KEY, "claude-sonnet-4-5"),
					ProviderStubs.FAST_RETRY, cooldown, timeouts))
			.timeout(deadline)
			.secrets(List.of(OPENAI_KEY, ANTHROPIC_KEY))
			.build();
	}

}
