package io.github.fallbackllm.gateway.server.chatcompletions;

import java.util.ArrayList;
import java.util.List;

import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.SseException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import io.github.fallbackllm.gateway.testsupport.StubProviders;
import io.github.fallbackllm.gateway.server.testsupport.OpenAiSdkApplicationTests;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.github.fallbackllm.gateway.testsupport.StubProviders.PRIMARY_KEY;
import static io.github.fallbackllm.gateway.testsupport.StubProviders.SECONDARY_KEY;
import static io.github.fallbackllm.gateway.testsupport.StubProviders.SECONDARY_REPORTED_MODEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The gateway driven by the official OpenAI Java SDK, pointed at it with its base URL,
 * against WireMock providers: a rate-limited OpenAI-format primary and an
 * Anthropic-format secondary.
 * <p>
 * The SDK retries 429 and 5xx answers twice by default, honouring {@code Retry-After}
 * without a cap; a gateway that already fell back has nothing to gain from that, so the
 * client runs with {@code maxRetries(0)}, and the provider request counts prove that each
 * SDK call reached the gateway once.
 */
class OpenAiClientEndToEndTests extends OpenAiSdkApplicationTests {

	@Test
	void completionIsServedByTheSecondaryAfterThePrimaryRateLimits() {
		primary.stubFor(post("/v1/chat/completions").willReturn(StubProviders.openAiRateLimited(20)));
		secondary.stubFor(post("/v1/messages").willReturn(StubProviders.anthropicMessage("Hello from the secondary")));
		HttpResponseFor<ChatCompletion> response = this.client.chat()
			.completions()
			.withRawResponse()
			.create(request().build());
		ChatCompletion completion = response.parse();
		assertThat(completion.model()).isEqualTo(SECONDARY_REPORTED_MODEL);
		assertThat(completion.choices()).singleElement().satisfies((choice) -> {
			assertThat(choice.message().content()).contains("Hello from the secondary");
			assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
		});
		assertThat(completion.usage()).hasValueSatisfying((usage) -> {
			assertThat(usage.promptTokens()).isEqualTo(12);
			assertThat(usage.completionTokens()).isEqualTo(9);
			assertThat(usage.totalTokens()).isEqualTo(21);
		});
		assertThat(response.headers().values("x-llm-provider")).containsExactly("secondary");
		assertThat(response.headers().values("x-llm-attempts"))
			.containsExactly("primary/gpt-4o-mini=rate_limited, secondary/claude-sonnet-4-5=succeeded");
		primary.verify(1, postRequestedFor(urlPathEqualTo("/v1/chat/completions")));
		secondary.verify(1, postRequestedFor(urlPathEqualTo("/v1/messages")));
	}

	@Test
	void streamIsServedByTheSecondaryAfterThePrimaryRateLimits() {
		primary.stubFor(post("/v1/chat/completions").willReturn(StubProviders.openAiRateLimited(20)));
		secondary.stubFor(post("/v1/messages")
			.willReturn(StubProviders.anthropicStream(List.of("Hello", " from", " the secondary"), true)));
		List<ChatCompletionChunk> chunks = new ArrayList<>();
		try (StreamResponse<ChatCompletionChunk> stream = this.client.chat()
			.completions()
			.createStreaming(request().streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
				.build())) {
			stream.stream().forEach(chunks::add);
		}
		StringBuilder text = new StringBuilder();
		chunks
			.forEach((chunk) -> chunk.choices().forEach((choice) -> choice.delta().content().ifPresent(text::append)));
		assertThat(text).hasToString("Hello from the secondary");
		assertThat(chunks).allSatisfy((chunk) -> assertThat(chunk.model()).isEqualTo(SECONDARY_REPORTED_MODEL));
		assertThat(chunks).flatMap(ChatCompletionChunk::choices)
			.filteredOn((choice) -> choice.finishReason().isPresent())
			.singleElement()
			.satisfies((choice) -> assertThat(choice.finishReason())
				.contains(ChatCompletionChunk.Choice.FinishReason.STOP));
		assertThat(chunks.get(chunks.size() - 1).usage()).hasValueSatisfying((usage) -> {
			assertThat(usage.promptTokens()).isEqualTo(11);
			assertThat(usage.completionTokens()).isEqualTo(3);
		});
		primary.verify(1, postRequestedFor(urlPathEqualTo("/v1/chat/completions")));
		secondary.verify(1, postRequestedFor(urlPathEqualTo("/v1/messages")));
	}

	@Test
	void everyProviderFailingSurfacesAsTheSdksInternalServerExceptionWithOurMessage() {
		primary.stubFor(post("/v1/chat/completions").willReturn(StubProviders.openAiRateLimited(20)));
		secondary.stubFor(post("/v1/messages").willReturn(StubProviders.anthropicOverloaded()));
		assertThatExceptionOfType(InternalServerException.class)
			.isThrownBy(() -> this.client.chat().completions().create(request().build()))
			.satisfies((ex) -> {
				assertThat(ex.statusCode()).isEqualTo(503);
				assertThat(ex.type()).contains("all_providers_failed");
				assertThat(ex.headers().values("retry-after")).singleElement()
					.satisfies(StubProviders::assertRetryAfterOfTheRateLimitedPrimary);
				assertThat(ex.getMessage()).startsWith("503: All 2 LLM targets failed")
					.contains("primary/gpt-4o-mini: rate limited (HTTP 429")
					.contains("secondary/claude-sonnet-4-5: server error (HTTP 529, overloaded_error")
					.doesNotContain(PRIMARY_KEY)
					.doesNotContain(SECONDARY_KEY);
			});
		primary.verify(1, postRequestedFor(urlPathEqualTo("/v1/chat/completions")));
	}

	@Test
	void streamBrokenAfterItsFirstChunkSurfacesAsTheSdksSseExceptionAfterTheText() {
		primary.stubFor(post("/v1/chat/completions").willReturn(StubProviders.openAiRateLimited(20)));
		secondary.stubFor(post("/v1/messages").willReturn(StubProviders.anthropicStream(List.of("Hel", "lo"), false)));
		StringBuilder text = new StringBuilder();
		try (StreamResponse<ChatCompletionChunk> stream = this.client.chat()
			.completions()
			.createStreaming(request().build())) {
			assertThatExceptionOfType(SseException.class)
				.isThrownBy(() -> stream.stream()
					.forEach((chunk) -> chunk.choices()
						.forEach((choice) -> choice.delta().content().ifPresent(text::append))))
				.satisfies((ex) -> assertThat(ex.getMessage())
					.contains("Stream from secondary/claude-sonnet-4-5 broke after 2 chunks"));
		}
		assertThat(text).hasToString("Hello");
	}

	@Test
	void invalidRequestSurfacesAsTheSdksBadRequestException() {
		assertThatExceptionOfType(BadRequestException.class)
			.isThrownBy(() -> this.client.chat().completions().create(request().temperature(5.0).build()))
			.satisfies((ex) -> assertThat(ex.getMessage()).contains("temperature must be between 0 and 2 (got 5.0)"));
		assertThat(primary.getAllServeEvents()).isEmpty();
		assertThat(secondary.getAllServeEvents()).isEmpty();
	}

	private static ChatCompletionCreateParams.Builder request() {
		return ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("Hello");
	}

}
