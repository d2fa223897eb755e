package io.github.fallbackllm.provider.compatible;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.fallbackllm.FallbackChatService;
import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.provider.LlmProvider;
import io.github.fallbackllm.provider.ProviderException;
import io.github.fallbackllm.provider.ProviderSettings;
import io.github.fallbackllm.testsupport.ProviderStubs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Groq answers 400 to {@code logprobs}, {@code logit_bias}, {@code n} other than 1 and
 * {@code messages[].name}: such a request is not sent to it, and the next target serves
 * it as asked.
 */
class GroqRejectedParametersTests {

	private static final Duration BLOCK = Duration.ofSeconds(30);

	private static final String KEY = "groq-test-key-6b2e9d";

	@RegisterExtension
	static WireMockExtension server = ProviderStubs.server();

	@AfterEach
	void reset() {
		server.resetAll();
	}

	@ParameterizedTest
	@ValueSource(strings = { "logprobs=true", "logit_bias={\"50256\":-100}", "n=2" })
	void aRejectedParameterIsUnsupportedWithoutANetworkCall(String field) {
		String name = field.substring(0, field.indexOf('='));
		Object value = switch (name) {
			case "logprobs" -> true;
			case "n" -> 2;
			default -> Map.of("50256", -100);
		};

		ProviderException failure = catchThrowableOfType(ProviderException.class,
				() -> groq(Map.of())
					.chat("llama-3.3-70b-versatile", ChatRequest.builder().user("Hello").extraBody(name, value).build())
					.block(BLOCK));

		assertThat(failure.getOutcome()).isEqualTo(AttemptOutcome.UNSUPPORTED);
		assertThat(failure.getMessage()).contains("groq rejects " + name);
		server.verify(0, anyRequestedFor(anyUrl()));
	}

	@Test
	void aRejectedParameterConfiguredForTheProviderIsFoundToo() {
		ProviderException failure = catchThrowableOfType(ProviderException.class,
				() -> groq(Map.of("logprobs", true)).chat("llama-3.3-70b-versatile", ChatRequest.of("Hello"))
					.block(BLOCK));

		assertThat(failure.getOutcome()).isEqualTo(AttemptOutcome.UNSUPPORTED);
	}

	@Test
	void takenValuesGo() {
		server.stubFor(post(urlEqualTo("/openai/v1/chat/completions"))
			.willReturn(ProviderStubs.ok(ProviderStubs.openAiCompletion("llama-3.3-70b-versatile", "Hi"))));

		groq(Map.of())
			.chat("llama-3.3-70b-versatile",
					ChatRequest.builder().user("Hello").extraBody("n", 1).extraBody("logprobs", false).build())
			.block(BLOCK);

		server.verify(1, postRequestedFor(urlEqualTo("/openai/v1/chat/completions")));
	}

	@Test
	void theNextTargetServesTheRequestAsAsked() {
		server.stubFor(post(urlEqualTo("/v1/chat/completions"))
			.willReturn(ProviderStubs.ok(ProviderStubs.openAiCompletion("gpt-4o", "Hi"))));

		ChatResponse response = FallbackChatService.builder()
			.provider(groq(Map.of()))
			.provider(ProviderStubs.openAi("openai", server, KEY, "gpt-4o"))
			.build()
			.chat(ChatRequest.builder().user("Hello").extraBody("logprobs", true).build());

		assertThat(response.provider()).isEqualTo("openai");
		assertThat(response.attempts().get(0).outcome()).isEqualTo(AttemptOutcome.UNSUPPORTED);
		server.verify(1, postRequestedFor(anyUrl()));
	}

	private static LlmProvider groq(Map<String, Object> extraBody) {
		return new GroqLlmProviderFactory().create(new ProviderSettings("groq", server.baseUrl() + "/openai/v1", KEY,
				List.of("llama-3.3-70b-versatile"), Map.of(), 1 << 20, null, extraBody), WebClient.builder());
	}

}
