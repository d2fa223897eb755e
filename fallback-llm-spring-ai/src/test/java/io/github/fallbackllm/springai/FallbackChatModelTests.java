package io.github.fallbackllm.springai;

import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.fallbackllm.FallbackChatService;
import io.github.fallbackllm.chat.AllProvidersFailedException;
import io.github.fallbackllm.chat.Attempt;
import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.ChatStreamInterruptedException;
import io.github.fallbackllm.chat.TokenUsage;
import io.github.fallbackllm.provider.LlmProvider;
import io.github.fallbackllm.provider.openai.OpenAiLlmProvider;
import io.github.fallbackllm.routing.Route;
import io.github.fallbackllm.testsupport.ProviderStubs;
import io.github.fallbackllm.testsupport.ScriptedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.retry.NonTransientAiException;
import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.github.fallbackllm.testsupport.ProviderStubs.anthropicMessage;
import static io.github.fallbackllm.testsupport.ProviderStubs.anthropicStream;
import static io.github.fallbackllm.testsupport.ProviderStubs.json;
import static io.github.fallbackllm.testsupport.ProviderStubs.ok;
import static io.github.fallbackllm.testsupport.ProviderStubs.openAiCompletion;
import static io.github.fallbackllm.testsupport.ProviderStubs.openAiDelta;
import static io.github.fallbackllm.testsupport.ProviderStubs.openAiError;
import static io.github.fallbackllm.testsupport.ProviderStubs.sse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * {@link FallbackChatModel} behind Spring AI's {@link ChatClient}, against WireMock stubs
 * of an OpenAI provider followed by an Anthropic one.
 */
class FallbackChatModelTests {

	static final String OPENAI_KEY = "sk-proj-test0123456789abcdefOPENAI";

	static final String ANTHROPIC_KEY = "sk-ant-test-ANTHROPIC";

	static final String CHAT = "/v1/chat/completions";

	static final String MESSAGES = "/v1/messages";

	@RegisterExtension
	static WireMockExtension openai = ProviderStubs.server();

	@RegisterExtension
	static WireMockExtension anthropic = ProviderStubs.server();

	private final ChatClient chatClient = ChatClient
		.create(new FallbackChatModel(chain(openAi(), anthropicProvider())));

	@Test
	void callFallsBackPastARateLimit() {
		openai.stubFor(
				post(CHAT).willReturn(json(429, openAiError("requests", "rate_limit_exceeded", "Rate limit reached"))
					.withHeader("Retry-After", "20")));
		anthropic.stubFor(post(MESSAGES).willReturn(ok(anthropicMessage("claude-sonnet-4-5-20250929", "Bonjour"))));

		ChatResponse response = this.chatClient.prompt().user("Say hello").call().chatResponse();

		assertThat(response.getResult().getOutput().getText()).isEqualTo("Bonjour");
		assertThat(response.getResult().getMetadata().getFinishReason()).isEqualTo("STOP");
		assertThat(response.getMetadata().getModel()).isEqualTo("claude-sonnet-4-5-20250929");
		assertThat(response.getMetadata().getUsage().getPromptTokens()).isEqualTo(12);
		assertThat(response.getMetadata().getUsage().getCompletionTokens()).isEqualTo(9);
		assertThat(response.getMetadata().getUsage().getNativeUsage()).isEqualTo(new TokenUsage(12, 9));
		assertThat((String) response.getMetadata().get(FallbackChatModel.PROVIDER_METADATA_KEY)).isEqualTo("anthropic");
		List<Attempt> attempts = response.getMetadata().get(FallbackChatModel.ATTEMPTS_METADATA_KEY);
		assertThat(attempts).extracting(Attempt::target, Attempt::outcome)
			.containsExactly(tuple("openai/gpt-4o", AttemptOutcome.RATE_LIMITED),
					tuple("anthropic/claude-sonnet-4-5", AttemptOutcome.SUCCEEDED));
		openai.verify(1, postRequestedFor(urlEqualTo(CHAT)));
	}

	@Test
	void streamFallsBackBeforeTheFirstToken() {
		openai.stubFor(post(CHAT).willReturn(json(503, openAiError("server_error", null, "Overloaded"))));
		anthropic.stubFor(post(MESSAGES).willReturn(sse(anthropicStream("Hello", " from", " Claude"))));

		List<ChatResponse> chunks = this.chatClient.prompt()
			.user("Say hello")
			.stream()
			.chatResponse()
			.collectList()
			.block(Duration.ofSeconds(10));

		assertThat(chunks).extracting((chunk) -> chunk.getResult().getOutput().getText())
			.containsExactly("Hello", " from", " Claude", "");
		ChatResponse last = chunks.get(chunks.size() - 1);
		assertThat(last.getMetadata().getModel()).isEqualTo("claude-sonnet-4-5-20250929");
		assertThat(last.getResult().getMetadata().getFinishReason()).isEqualTo("STOP");
		assertThat(last.getMetadata().getUsage().getCompletionTokens()).isEqualTo(6);
		assertThat(chunks).allSatisfy((chunk) -> {
			assertThat((String) chunk.getMetadata().get(FallbackChatModel.PROVIDER_METADATA_KEY))
				.isEqualTo("anthropic");
			assertThat(chunk.getMetadata().<List<Attempt>>get(FallbackChatModel.ATTEMPTS_METADATA_KEY))
				.extracting(Attempt::outcome)
				.containsExactly(AttemptOutcome.SERVER_ERROR, AttemptOutcome.SERVER_ERROR, AttemptOutcome.SUCCEEDED);
		});
	}

	@Test
	void streamContentOmitsTheEmptyLastChunk() {
		anthropic.stubFor(post(MESSAGES).willReturn(sse(anthropicStream("Hello", " world"))));
		ChatClient anthropicOnly = ChatClient.create(new FallbackChatModel(chain(anthropicProvider())));

		List<String> content = anthropicOnly.prompt().user("Hi").stream().content().collectList().block();

		assertThat(content).containsExactly("Hello", " world");
	}

	@Test
	void streamThatBreaksAfterTheFirstChunkEndsWithoutSwitchingProvider() {
		anthropic.stubFor(post(MESSAGES).willReturn(sse(anthropicStream("Another answer"))));
		try (ScriptedServer breaking = ScriptedServer.eventsThenDrop(openAiDelta("Hel"))) {
			ChatClient client = ChatClient.create(new FallbackChatModel(chain(
					new OpenAiLlmProvider(ProviderStubs.settings("openai", breaking.baseUrl(), OPENAI_KEY, "gpt-4o"),
							WebClient.builder()),
					anthropicProvider())));

			StepVerifier.create(client.prompt().user("Hi").stream().content())
				.expectNext("Hel")
				.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(NonTransientAiException.class)
					.hasCauseInstanceOf(ChatStreamInterruptedException.class))
				.verify(Duration.ofSeconds(10));
			assertThat(breaking.requests()).isEqualTo(1);
		}
		assertThat(anthropic.getAllServeEvents()).isEmpty();
	}

	@Test
	void messagesAndOptionsReachTheProvider() {
		openai.stubFor(post(CHAT).willReturn(ok(openAiCompletion("gpt-4o-2024-08-06", "Paris"))));

		String answer = this.chatClient.prompt()
			.system("Answer in one word")
			.messages(new UserMessage("Capital of Italy?"), new AssistantMessage("Rome"))
			.user("Capital of France?")
			.options(ChatOptions.builder().temperature(0.2).maxTokens(5).topP(0.9).stopSequences(List.of("\n")))
			.call()
			.content();

		assertThat(answer).isEqualTo("Paris");
		openai.verify(postRequestedFor(urlEqualTo(CHAT)).withRequestBody(equalToJson("""
				{"model":"gpt-4o","temperature":0.2,"max_completion_tokens":5,"top_p":0.9,"stop":["\\n"],
				 "messages":[{"role":"system","content":"Answer in one word"},
				   {"role":"user","content":"Capital of Italy?"},{"role":"assistant","content":"Rome"},
				   {"role":"user","content":"Capital of France?"}]}""", true, true)));
	}

	@Test
	void defaultOptionsApplyWhereThePromptSetsNone() {
		openai.stubFor(post(CHAT).willReturn(ok(openAiCompletion("gpt-4o-2024-08-06", "Paris"))));
		FallbackChatModel model = new FallbackChatModel(chain(openAi()),
				FallbackChatOptions.builder().temperature(0.7).maxTokens(100).build());

		ChatClient.create(model)
			.prompt()
			.user("Capital of France?")
			.options(ChatOptions.builder().maxTokens(7))
			.call()
			.content();

		openai.verify(
				postRequestedFor(urlEqualTo(CHAT)).withRequestBody(matchingJsonPath("$.temperature", equalTo("0.7")))
					.withRequestBody(matchingJsonPath("$.max_completion_tokens", equalTo("7"))));
	}

	@Test
	void modelOfTheOptionsRestrictsTheChainToItsTargets() {
		anthropic.stubFor(post(MESSAGES).willReturn(ok(anthropicMessage("claude-sonnet-4-5-20250929", "Claude here"))));

		ChatResponse response = this.chatClient.prompt()
			.user("Hi")
			.options(ChatOptions.builder().model("claude-sonnet-4-5"))
			.call()
			.chatResponse();

		assertThat(response.getResult().getOutput().getText()).isEqualTo("Claude here");
		assertThat(response.getMetadata().<List<Attempt>>get(FallbackChatModel.ATTEMPTS_METADATA_KEY))
			.extracting(Attempt::target)
			.containsExactly("anthropic/claude-sonnet-4-5");
		assertThat(openai.getAllServeEvents()).isEmpty();
	}

	@Test
	void modelThatIsARoutesAliasSelectsThatRoute() {
		anthropic.stubFor(post(MESSAGES).willReturn(ok(anthropicMessage("claude-sonnet-4-5-20250929", "Claude here"))));
		FallbackChatService service = FallbackChatService.builder()
			.provider(ProviderStubs.policies(openAi()))
			.provider(ProviderStubs.policies(anthropicProvider()))
			.route(Route.builder("smart").aliases("smart-model").group("anthropic/claude-sonnet-4-5").build())
			.build();

		ChatResponse response = ChatClient.create(new FallbackChatModel(service))
			.prompt()
			.user("Hi")
			.options(ChatOptions.builder().model("smart-model"))
			.call()
			.chatResponse();

		assertThat(response.getResult().getOutput().getText()).isEqualTo("Claude here");
		assertThat(openai.getAllServeEvents()).as("the default route would have asked OpenAI first").isEmpty();
		anthropic.verify(postRequestedFor(urlEqualTo(MESSAGES))
			.withRequestBody(matchingJsonPath("$.model", equalTo("claude-sonnet-4-5"))));
	}

	@Test
	void modelThatNoTargetServesIsIgnored() {
		openai.stubFor(post(CHAT).willReturn(ok(openAiCompletion("gpt-4o-2024-08-06", "GPT here"))));

		String answer = this.chatClient.prompt()
			.user("Hi")
			.options(ChatOptions.builder().model("mistral-large"))
			.call()
			.content();

		assertThat(answer).isEqualTo("GPT here");
		openai
			.verify(postRequestedFor(urlEqualTo(CHAT)).withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o"))));
	}

	@Test
	void entityBindsTheAnswerOfTheFallbackTarget() {
		openai.stubFor(post(CHAT).willReturn(json(429, openAiError("requests", "rate_limit_exceeded", "Slow down"))));
		anthropic.stubFor(post(MESSAGES).willReturn(ok(anthropicMessage("claude-sonnet-4-5-20250929",
				"{\\\"city\\\":\\\"Paris\\\",\\\"population\\\":2102650}"))));

		City city = this.chatClient.prompt().user("Largest city of France?").call().entity(City.class);

		assertThat(city).isEqualTo(new City("Paris", 2102650));
		// Spring AI's format instructions travel in the user message, to every target.
		anthropic.verify(postRequestedFor(urlEqualTo(MESSAGES))
			.withRequestBody(matchingJsonPath("$.messages[0].content", containing("\"population\""))));
	}

	@Test
	void failureOfEveryTargetIsNonTransientWithTheChainsExceptionAsCause() {
		openai.stubFor(post(CHAT).willReturn(
				json(401, openAiError("invalid_request_error", "invalid_api_key", "Incorrect API key provided"))));
		anthropic.stubFor(post(MESSAGES)
			.willReturn(json(400, ProviderStubs.anthropicError("invalid_request_error", "prompt is too long"))));

		assertThatExceptionOfType(NonTransientAiException.class)
			.isThrownBy(() -> this.chatClient.prompt().user("Hi").call().content())
			.withCauseInstanceOf(AllProvidersFailedException.class)
			.satisfies((ex) -> assertThat(ex.getMessage()).isEqualTo(ex.getCause().getMessage())
				.contains("openai/gpt-4o")
				.doesNotContain(OPENAI_KEY));
	}

	static FallbackChatService chain(LlmProvider... providers) {
		FallbackChatService.Builder builder = FallbackChatService.builder().timeout(Duration.ofSeconds(20));
		for (int i = 0; i < providers.length; i++) {
			builder.provider(ProviderStubs.policies(providers[i]));
		}
		return builder.build();
	}

	static LlmProvider openAi() {
		return ProviderStubs.openAi("openai", openai, OPENAI_KEY, "gpt-4o");
	}

	static LlmProvider anthropicProvider() {
		return ProviderStubs.anthropic("anthropic", anthropic, ANTHROPIC_KEY, "claude-sonnet-4-5");
	}

	record City(String city, int population) {
	}

}
