package io.github.fallbackllm.langchain4j;

import java.time.Duration;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.fallbackllm.FallbackChatService;
import io.github.fallbackllm.provider.LlmProvider;
import io.github.fallbackllm.testsupport.ProviderStubs;

/**
 * Chains of WireMock providers for the tests of this package: an OpenAI-format target
 * followed by an Anthropic-format one.
 */
final class Chains {

	static final String OPENAI_KEY = "sk-proj-test0123456789abcdefOPENAI";

	static final String ANTHROPIC_KEY = "sk-ant-test-ANTHROPIC";

	static final String CHAT = "/v1/chat/completions";

	static final String MESSAGES = "/v1/messages";

	private Chains() {
	}

	static FallbackChatService chain(LlmProvider... providers) {
		FallbackChatService.Builder builder = FallbackChatService.builder().timeout(Duration.ofSeconds(20));
		for (LlmProvider provider : providers) {
			builder.provider(ProviderStubs.policies(provider));
		}
		return builder.build();
	}

	static FallbackChatService openAiThenAnthropic(WireMockExtension openai, WireMockExtension anthropic) {
		return chain(openAi(openai), anthropic(anthropic));
	}

	static LlmProvider openAi(WireMockExtension openai) {
		return ProviderStubs.openAi("openai", openai, OPENAI_KEY, "gpt-4o");
	}

	static LlmProvider anthropic(WireMockExtension anthropic) {
		return ProviderStubs.anthropic("anthropic", anthropic, ANTHROPIC_KEY, "claude-sonnet-4-5");
	}

}
