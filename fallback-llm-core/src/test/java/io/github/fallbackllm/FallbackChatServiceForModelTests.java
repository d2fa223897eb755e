package io.github.fallbackllm;

import java.time.Duration;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.fallbackllm.chat.AllProvidersFailedException;
import io.github.fallbackllm.chat.Attempt;
import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.testsupport.ProviderStubs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.github.fallbackllm.testsupport.ProviderStubs.anthropicMessage;
import static io.github.fallbackllm.testsupport.ProviderStubs.json;
import static io.github.fallbackllm.testsupport.ProviderStubs.ok;
import static io.github.fallbackllm.testsupport.ProviderStubs.openAiCompletion;
import static io.github.fallbackllm.testsupport.ProviderStubs.openAiError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * {@link FallbackChatService#forModel(String)}: a chain cut down to the targets of one
 * model, which shares target state with the whole chain.
 */
class FallbackChatServiceForModelTests {

	private static final String CHAT = "/v1/chat/completions";

	@RegisterExtension
	static WireMockExtension openai = ProviderStubs.server();

	@RegisterExtension
	static WireMockExtension anthropic = ProviderStubs.server();

	private final FallbackChatService chain = FallbackChatService.builder()
		.provider(ProviderStubs.policies(
				ProviderStubs.openAi("openai", openai, "sk-proj-test0123456789abcdefOPENAI", "gpt-4o", "gpt-4o-mini")))
		.provider(ProviderStubs
			.policies(ProviderStubs.anthropic("anthropic", anthropic, "sk-ant-test-ANTHROPIC", "claude-sonnet-4-5")))
		.timeout(Duration.ofSeconds(20))
		.build();

	@Test
	void callsOnlyTheTargetsOfTheModel() {
		openai.stubFor(post(CHAT).willReturn(ok(openAiCompletion("gpt-4o-mini-2024-07-18", "Mini"))));

		ChatResponse response = this.chain.forModel("gpt-4o-mini").orElseThrow().chat(ChatRequest.of("Hi"));

		assertThat(response.content()).isEqualTo("Mini");
		assertThat(response.attempts()).extracting(Attempt::target).containsExactly("openai/gpt-4o-mini");
		openai.verify(1, postRequestedFor(urlEqualTo(CHAT)));
		openai.verify(postRequestedFor(urlEqualTo(CHAT))
			.withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o-mini"))));
	}

	@Test
	void failureOfTheOnlyTargetOfTheModelDoesNotFallBackToOtherModels() {
		anthropic.stubFor(post("/v1/messages")
			.willReturn(json(529, ProviderStubs.anthropicError("overloaded_error", "Overloaded"))));

		assertThatExceptionOfType(AllProvidersFailedException.class)
			.isThrownBy(() -> this.chain.forModel("claude-sonnet-4-5").orElseThrow().chat(ChatRequest.of("Hi")))
			.satisfies((ex) -> assertThat(ex.getAttempts()).extracting(Attempt::target)
				.containsOnly("anthropic/claude-sonnet-4-5"));
		assertThat(openai.getAllServeEvents()).isEmpty();
	}

	@Test
	void sharesCooldownsWithTheWholeChain() {
		openai.stubFor(post(CHAT).willReturn(
				json(401, openAiError("invalid_request_error", "invalid_api_key", "Incorrect API key provided"))));
		anthropic.stubFor(post("/v1/messages").willReturn(ok(anthropicMessage("claude-sonnet-4-5", "Claude"))));
		assertThatExceptionOfType(AllProvidersFailedException.class)
			.isThrownBy(() -> this.chain.forModel("gpt-4o").orElseThrow().chat(ChatRequest.of("Hi")));

		ChatResponse response = this.chain.chat(ChatRequest.of("Hi"));

		assertThat(response.attempts()).extracting(Attempt::target, Attempt::outcome)
			.containsExactly(tuple("openai/gpt-4o", AttemptOutcome.SKIPPED),
					tuple("openai/gpt-4o-mini", AttemptOutcome.SKIPPED),
					tuple("anthropic/claude-sonnet-4-5", AttemptOutcome.SUCCEEDED));
		openai.verify(1, postRequestedFor(urlEqualTo(CHAT)));
	}

	@Test
	void isEmptyForAModelNoTargetServes() {
		assertThat(this.chain.forModel("mistral-large")).isEmpty();
	}

}
