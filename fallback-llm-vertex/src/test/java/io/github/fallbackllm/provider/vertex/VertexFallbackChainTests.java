package io.github.fallbackllm.provider.vertex;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.fallbackllm.FallbackChatService;
import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.ChatChunk;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.provider.LlmProvider;
import io.github.fallbackllm.testsupport.ProviderStubs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A chain of Vertex AI, then Anthropic's API, falling back when Vertex AI is out of
 * capacity.
 */
class VertexFallbackChainTests {

	@RegisterExtension
	static WireMockExtension vertexServer = ProviderStubs.server();

	@RegisterExtension
	static WireMockExtension anthropicServer = ProviderStubs.server();

	@TempDir
	Path directory;

	private FallbackChatService chain;

	@BeforeEach
	void createChain() throws Exception {
		TokenEndpointStubs.mints(vertexServer, "ya29.first");
		LlmProvider vertex = VertexLlmProviderTests.vertex(vertexServer,
				TestServiceAccount.shared().write(this.directory, vertexServer.baseUrl() + TokenEndpointStubs.PATH),
				new MutableClock(Instant.now()));
		LlmProvider anthropic = ProviderStubs.anthropic("anthropic", anthropicServer, "sk-ant-test-0123456789",
				"claude-sonnet-4-5");
		this.chain = FallbackChatService.builder()
			.provider(ProviderStubs.policies(vertex))
			.provider(ProviderStubs.policies(anthropic))
			.build();
	}

	@Test
	void aRateLimitedVertexFallsBackToAnthropic() {
		vertexServer.stubFor(post(VertexLlmProviderTests.GEMINI_PATH)
			.willReturn(ProviderStubs.json(429, VertexLlmProviderTests.RESOURCE_EXHAUSTED)));
		vertexServer.stubFor(post(VertexLlmProviderTests.CLAUDE_PATH + ":rawPredict")
			.willReturn(ProviderStubs.json(429, "[" + VertexLlmProviderTests.RESOURCE_EXHAUSTED + "]")));
		anthropicServer.stubFor(post("/v1/messages")
			.willReturn(ProviderStubs.ok(ProviderStubs.anthropicMessage("claude-sonnet-4-5", "From Anthropic"))));

		ChatResponse response = this.chain.chatAsync(ChatRequest.of("Hello")).block(Duration.ofSeconds(20));

		assertThat(response.content()).isEqualTo("From Anthropic");
		assertThat(response.attempts()).filteredOn((attempt) -> attempt.provider().equals("vertex"))
			.isNotEmpty()
			.allSatisfy((attempt) -> assertThat(attempt.outcome()).isEqualTo(AttemptOutcome.RATE_LIMITED));
	}

	@Test
	void resourceExhaustedAsTheFirstStreamEventFallsBackToAnthropic() {
		String exhausted = "data: " + VertexLlmProviderTests.RESOURCE_EXHAUSTED + "\n\n";
		vertexServer.stubFor(post(VertexLlmProviderTests.GEMINI_PATH).willReturn(ProviderStubs.sse(exhausted)));
		vertexServer.stubFor(post(VertexLlmProviderTests.CLAUDE_PATH + ":streamRawPredict")
			.willReturn(ProviderStubs.sse("event: error\n" + exhausted)));
		anthropicServer.stubFor(post("/v1/messages")
			.willReturn(ProviderStubs.sse(ProviderStubs.anthropicStream("From ", "Anthropic"))));

		List<ChatChunk> chunks = this.chain.stream(ChatRequest.of("Hello")).collectList().block(Duration.ofSeconds(20));

		assertThat(chunks).extracting(ChatChunk::text).containsExactly("From ", "Anthropic", "");
		assertThat(chunks).allSatisfy((chunk) -> assertThat(chunk.provider()).isEqualTo("anthropic"));
		assertThat(chunks.get(chunks.size() - 1).attempts())
			.filteredOn((attempt) -> attempt.provider().equals("vertex"))
			.extracting((attempt) -> attempt.outcome())
			.containsOnly(AttemptOutcome.RATE_LIMITED);
	}

}
