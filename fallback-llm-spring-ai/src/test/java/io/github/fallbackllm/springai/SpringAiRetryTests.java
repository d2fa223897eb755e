package io.github.fallbackllm.springai;

import java.time.Duration;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.fallbackllm.chat.AllProvidersFailedException;
import io.github.fallbackllm.testsupport.ProviderStubs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.retry.NonTransientAiException;
import org.springframework.ai.retry.RetryUtils;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.github.fallbackllm.testsupport.ProviderStubs.json;
import static io.github.fallbackllm.testsupport.ProviderStubs.openAiError;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A call the chain gave up on is not repeated by Spring AI's retry: the chain already
 * retried, fell back and honoured {@code Retry-After}. Request counts prove it.
 */
class SpringAiRetryTests {

	private static final String CHAT = "/v1/chat/completions";

	@RegisterExtension
	static WireMockExtension openai = ProviderStubs.server();

	private final ChatClient chatClient = ChatClient.create(new FallbackChatModel(FallbackChatModelTests
		.chain(ProviderStubs.openAi("openai", openai, FallbackChatModelTests.OPENAI_KEY, "gpt-4o"))));

	@Test
	void springAiDefaultRetryDoesNotRepeatAFailedChain() {
		stubRejectedRequest();

		assertThatExceptionOfType(NonTransientAiException.class)
			.isThrownBy(() -> RetryUtils.execute(RetryUtils.SHORT_RETRY_TEMPLATE,
					() -> this.chatClient.prompt().user("Hi").call().content()))
			.withCauseInstanceOf(AllProvidersFailedException.class);
		openai.verify(1, postRequestedFor(urlEqualTo(CHAT)));
	}

	/**
	 * The usual policy of applications that retry everything but what Spring AI calls
	 * non-transient: an unwrapped exception of ours would be retried here.
	 */
	@Test
	void retryOfEverythingButNonTransientFailuresDoesNotRepeatAFailedChain() {
		stubRejectedRequest();
		RetryTemplate retryAllButNonTransient = new RetryTemplate(RetryPolicy.builder()
			.maxRetries(3)
			.delay(Duration.ofMillis(1))
			.excludes(NonTransientAiException.class)
			.build());

		assertThatExceptionOfType(NonTransientAiException.class)
			.isThrownBy(() -> RetryUtils.execute(retryAllButNonTransient,
					() -> this.chatClient.prompt().user("Hi").call().content()))
			.withCauseInstanceOf(AllProvidersFailedException.class);
		openai.verify(1, postRequestedFor(urlEqualTo(CHAT)));
	}

	private void stubRejectedRequest() {
		// A rejection of this request only: nothing cools down, so a repeat would reach
		// the provider.
		openai.stubFor(post(CHAT).willReturn(json(400, openAiError("invalid_request_error", "context_length_exceeded",
				"This model's maximum context length is 128000 tokens"))));
	}

}
