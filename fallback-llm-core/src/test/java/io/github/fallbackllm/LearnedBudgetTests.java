package io.github.fallbackllm;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.fallbackllm.chat.Attempt;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.testsupport.ProviderStubs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.github.fallbackllm.testsupport.ProviderStubs.anthropicMessage;
import static io.github.fallbackllm.testsupport.ProviderStubs.ok;
import static io.github.fallbackllm.testsupport.ProviderStubs.openAiCompletion;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Budgets learned from the rate-limit headers of providers' successful answers, over
 * HTTP: a target whose answer said nothing is left is passed over without a call until
 * its reset, although nothing was declared.
 *
 * @author Fallback LLM contributors
 */
class LearnedBudgetTests {

	private static final String CHAT = "/v1/chat/completions";

	private static final String MESSAGES = "/v1/messages";

	@RegisterExtension
	static WireMockExtension openai = ProviderStubs.server();

	@RegisterExtension
	static WireMockExtension anthropic = ProviderStubs.server();

	@Test
	void aTargetThatSaidNoRequestsAreLeftIsSkippedUntilItsReset() {
		openai.stubFor(post(CHAT)
			.willReturn(ok(openAiCompletion("gpt-4o", "From OpenAI")).withHeader("x-ratelimit-remaining-requests", "0")
				.withHeader("x-ratelimit-reset-requests", "6m0s")));
		anthropic.stubFor(post(MESSAGES).willReturn(ok(anthropicMessage("claude-sonnet-4-5", "From Claude"))));
		FallbackChatService service = service();

		assertThat(service.chat(ChatRequest.of("Hi")).content()).isEqualTo("From OpenAI");
		ChatResponse second = service.chat(ChatRequest.of("Hi"));

		assertThat(second.content()).isEqualTo("From Claude");
		assertThat(second.attempts()).first().extracting(Attempt::detail).isEqualTo("over budget (remaining requests)");
		openai.verify(1, postRequestedFor(urlEqualTo(CHAT)));
	}

	@Test
	void aTargetThatSaidTooFewTokensAreLeftIsSkippedForALargerCall() {
		anthropic.stubFor(post(MESSAGES).willReturn(ok(anthropicMessage("claude-sonnet-4-5", "From Claude"))
			.withHeader("anthropic-ratelimit-tokens-remaining", "1000")
			.withHeader("anthropic-ratelimit-tokens-reset", "2999-01-01T00:00:00Z")));
		openai.stubFor(post(CHAT).willReturn(ok(openAiCompletion("gpt-4o", "From OpenAI"))));
		FallbackChatService service = FallbackChatService.builder()
			.provider(ProviderStubs
				.policies(ProviderStubs.anthropic("anthropic", anthropic, "sk-ant-test-KEY", "claude-sonnet-4-5")))
			.provider(ProviderStubs
				.policies(ProviderStubs.openAi("openai", openai, "sk-proj-test0123456789abcdefKEY", "gpt-4o")))
			.build();

		assertThat(service.chat(ChatRequest.builder().user("Hi").maxTokens(500).build()).content())
			.isEqualTo("From Claude");
		assertThat(service.chat(ChatRequest.builder().user("Hi").maxTokens(500).build()).content())
			.isEqualTo("From Claude");
		ChatResponse large = service.chat(ChatRequest.builder().user("Hi").maxTokens(2000).build());

		assertThat(large.content()).isEqualTo("From OpenAI");
		assertThat(large.attempts()).first().extracting(Attempt::detail).isEqualTo("over budget (remaining tokens)");
	}

	private static FallbackChatService service() {
		return FallbackChatService.builder()
			.provider(ProviderStubs
				.policies(ProviderStubs.openAi("openai", openai, "sk-proj-test0123456789abcdefKEY", "gpt-4o")))
			.provider(ProviderStubs
				.policies(ProviderStubs.anthropic("anthropic", anthropic, "sk-ant-test-KEY", "claude-sonnet-4-5")))
			.build();
	}

}
