package io.github.fallbackllm.provider.bedrock;

import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.fallbackllm.FallbackChatService;
import io.github.fallbackllm.chat.Attempt;
import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.ChatChunk;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.testsupport.ProviderStubs;
import io.github.fallbackllm.testsupport.ScriptedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

/** A chain Bedrock, then Anthropic's API, moving on at once when Bedrock throttles. */
class BedrockFallbackTests {

	@RegisterExtension
	static WireMockExtension bedrock = ProviderStubs.server();

	@RegisterExtension
	static WireMockExtension anthropic = ProviderStubs.server();

	@Test
	void aThrottledBedrockFallsBackToAnthropic() {
		bedrock.stubFor(post(BedrockLlmProviderTests.CONVERSE).willReturn(aResponse().withStatus(429)
			.withHeader("x-amzn-ErrorType", "ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/")
			.withBody("{\"message\":\"Too many requests, please wait before trying again.\"}")));
		anthropic.stubFor(post("/v1/messages")
			.willReturn(ProviderStubs.ok(ProviderStubs.anthropicMessage("claude-sonnet-4-5", "From Claude"))));

		ChatResponse response = chain(BedrockLlmProviderTests.signed(bedrock.baseUrl())).chat(ChatRequest.of("Hi"));

		assertThat(response.content()).isEqualTo("From Claude");
		assertThat(response.attempts()).extracting(Attempt::outcome)
			.containsExactly(AttemptOutcome.RATE_LIMITED, AttemptOutcome.SUCCEEDED);
		assertThat(bedrock.getAllServeEvents()).hasSize(1);
	}

	@Test
	void aStreamThrottledBeforeItsFirstTextFallsBackToAnthropic() {
		anthropic.stubFor(
				post("/v1/messages").willReturn(ProviderStubs.sse(ProviderStubs.anthropicStream("From ", "Claude"))));
		byte[] frames = BedrockFrames.stream().start().exception("throttlingException", "Too many tokens").bytes();
		try (ScriptedServer server = BedrockStreamTests.serving(frames, 9)) {
			List<ChatChunk> chunks = chain(BedrockLlmProviderTests.signed(server.baseUrl()))
				.stream(ChatRequest.of("Hi"))
				.collectList()
				.block(Duration.ofSeconds(10));

			assertThat(chunks).extracting(ChatChunk::text).contains("From ", "Claude");
			assertThat(chunks).extracting(ChatChunk::provider).doesNotContain("bedrock");
		}
	}

	private static FallbackChatService chain(io.github.fallbackllm.provider.LlmProvider primary) {
		return FallbackChatService.builder()
			.provider(ProviderStubs.policies(primary))
			.provider(ProviderStubs.policies(
					ProviderStubs.anthropic("anthropic", anthropic, "sk-ant-test-0123456789", "claude-sonnet-4-5")))
			.build();
	}

}
