package io.github.fallbackllm.langchain4j;

import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import io.github.fallbackllm.chat.AllProvidersFailedException;
import io.github.fallbackllm.chat.Attempt;
import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.testsupport.ProviderStubs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.github.fallbackllm.langchain4j.Chains.CHAT;
import static io.github.fallbackllm.langchain4j.Chains.MESSAGES;
import static io.github.fallbackllm.langchain4j.Chains.OPENAI_KEY;
import static io.github.fallbackllm.testsupport.ProviderStubs.anthropicError;
import static io.github.fallbackllm.testsupport.ProviderStubs.anthropicMessage;
import static io.github.fallbackllm.testsupport.ProviderStubs.json;
import static io.github.fallbackllm.testsupport.ProviderStubs.ok;
import static io.github.fallbackllm.testsupport.ProviderStubs.openAiCompletion;
import static io.github.fallbackllm.testsupport.ProviderStubs.openAiError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * {@link FallbackChatModel} through LangChain4j's {@link ChatModel} API, against WireMock
 * stubs of an OpenAI provider followed by an Anthropic one.
 */
class FallbackChatModelTests {

	@RegisterExtension
	static WireMockExtension openai = ProviderStubs.server();

	@RegisterExtension
	static WireMockExtension anthropic = ProviderStubs.server();

	private final RecordingListener listener = new RecordingListener();

	private final ChatModel model = FallbackLangChain4j.chatModel(Chains.openAiThenAnthropic(openai, anthropic))
		.listeners(this.listener)
		.build();

	@Test
	void chatFallsBackPastARateLimit() {
		stubRateLimitThenAnthropic("Bonjour");

		ChatResponse response = this.model.chat(ChatRequest.builder().messages(UserMessage.from("Say hello")).build());

		assertThat(response.aiMessage().text()).isEqualTo("Bonjour");
		assertThat(response.aiMessage().hasToolExecutionRequests()).isFalse();
		assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
		assertThat(response.tokenUsage()).isEqualTo(new TokenUsage(12, 9, 21));
		assertThat(response.modelName()).isEqualTo("claude-sonnet-4-5-20250929");
		FallbackChatResponseMetadata metadata = (FallbackChatResponseMetadata) response.metadata();
		assertThat(metadata.provider()).isEqualTo("anthropic");
		assertThat(metadata.attempts()).extracting(Attempt::target, Attempt::outcome)
			.containsExactly(tuple("openai/gpt-4o", AttemptOutcome.RATE_LIMITED),
					tuple("anthropic/claude-sonnet-4-5", AttemptOutcome.SUCCEEDED));
		openai.verify(1, postRequestedFor(urlEqualTo(CHAT)));
	}

	@Test
	void listenersHearEachCallOnceHoweverManyTargetsItTried() {
		stubRateLimitThenAnthropic("Bonjour");

		this.model.chat("Say hello");

		assertThat(this.listener.events).containsExactly("request", "response:Bonjour");
	}

	@Test
	void failureOfEveryTargetTakesTheTypeOfTheLastFailureWithTheChainsExceptionAsCause() {
		openai.stubFor(post(CHAT).willReturn(
				json(401, openAiError("invalid_request_error", "invalid_api_key", "Incorrect API key provided"))));
		anthropic
			.stubFor(post(MESSAGES).willReturn(json(429, anthropicError("rate_limit_error", "Number of requests"))));

		assertThatExceptionOfType(RateLimitException.class).isThrownBy(() -> this.model.chat("Hi"))
			.withCauseInstanceOf(AllProvidersFailedException.class)
			.satisfies((ex) -> {
				assertThat(((AllProvidersFailedException) ex.getCause()).getAttempts()).extracting(Attempt::outcome)
					.startsWith(AttemptOutcome.AUTHENTICATION_FAILED)
					.endsWith(AttemptOutcome.RATE_LIMITED);
				assertThat(ex.getMessage()).isEqualTo(ex.getCause().getMessage()).doesNotContain(OPENAI_KEY);
			});
		assertThat(this.listener.events).containsExactly("request", "error:RateLimitException");
	}

	@Test
	void rejectedCredentialsOfTheOnlyTargetAreAnAuthenticationException() {
		openai.stubFor(post(CHAT).willReturn(
				json(401, openAiError("invalid_request_error", "invalid_api_key", "Incorrect API key provided"))));
		ChatModel openAiOnly = FallbackLangChain4j.chatModel(Chains.chain(Chains.openAi(openai))).build();

		assertThatExceptionOfType(AuthenticationException.class).isThrownBy(() -> openAiOnly.chat("Hi"))
			.withCauseInstanceOf(AllProvidersFailedException.class);
	}

	@Test
	void messagesAndParametersReachTheProvider() {
		openai.stubFor(post(CHAT).willReturn(ok(openAiCompletion("gpt-4o-2024-08-06", "{}"))));

		this.model.chat(ChatRequest.builder()
			.messages(SystemMessage.from("Answer in JSON"), UserMessage.from("Capital of Italy?"),
					AiMessage.from("Rome"), UserMessage.from("Capital of France?"))
			.parameters(ChatRequestParameters.builder()
				.temperature(0.2)
				.topP(0.9)
				.maxOutputTokens(5)
				.stopSequences("\n")
				.responseFormat(ResponseFormat.JSON)
				.build())
			.build());

		openai.verify(postRequestedFor(urlEqualTo(CHAT)).withRequestBody(equalToJson("""
				{"model":"gpt-4o","temperature":0.2,"max_completion_tokens":5,"top_p":0.9,"stop":["\\n"],
				 "response_format":{"type":"json_object"},
				 "messages":[{"role":"system","content":"Answer in JSON"},
				   {"role":"user","content":"Capital of Italy?"},{"role":"assistant","content":"Rome"},
				   {"role":"user","content":"Capital of France?"}]}""", true, true)));
	}

	@Test
	void defaultParametersApplyWhereTheRequestSetsNone() {
		openai.stubFor(post(CHAT).willReturn(ok(openAiCompletion("gpt-4o-2024-08-06", "Paris"))));
		ChatModel withDefaults = FallbackLangChain4j.chatModel(Chains.openAiThenAnthropic(openai, anthropic))
			.defaultRequestParameters(ChatRequestParameters.builder().temperature(0.7).maxOutputTokens(100).build())
			.build();

		withDefaults.chat(ChatRequest.builder()
			.messages(UserMessage.from("Capital of France?"))
			.parameters(ChatRequestParameters.builder().maxOutputTokens(7).build())
			.build());

		openai.verify(
				postRequestedFor(urlEqualTo(CHAT)).withRequestBody(matchingJsonPath("$.temperature", equalTo("0.7")))
					.withRequestBody(matchingJsonPath("$.max_completion_tokens", equalTo("7"))));
	}

	@Test
	void modelOfTheRequestRestrictsTheChainToItsTargets() {
		anthropic.stubFor(post(MESSAGES).willReturn(ok(anthropicMessage("claude-sonnet-4-5-20250929", "Claude"))));

		ChatResponse response = this.model.chat(ChatRequest.builder()
			.messages(UserMessage.from("Hi"))
			.parameters(ChatRequestParameters.builder().modelName("claude-sonnet-4-5").build())
			.build());

		assertThat(((FallbackChatResponseMetadata) response.metadata()).attempts()).extracting(Attempt::target)
			.containsExactly("anthropic/claude-sonnet-4-5");
		assertThat(openai.getAllServeEvents()).isEmpty();
	}

	@Test
	void modelOfTheBuilderAppliesWhereTheRequestNamesNone() {
		anthropic.stubFor(post(MESSAGES).willReturn(ok(anthropicMessage("claude-sonnet-4-5-20250929", "Claude"))));
		ChatModel claude = FallbackLangChain4j.chatModel(Chains.openAiThenAnthropic(openai, anthropic))
			.model("claude-sonnet-4-5")
			.build();

		assertThat(claude.chat("Hi")).isEqualTo("Claude");
		assertThat(openai.getAllServeEvents()).isEmpty();
	}

	@Test
	void imagesReachTheFallbackTarget() {
		openai.stubFor(post(CHAT).willReturn(json(503, openAiError("server_error", null, "Overloaded"))));
		anthropic.stubFor(post(MESSAGES).willReturn(ok(anthropicMessage("claude-sonnet-4-5", "A cat on a mat."))));

		ChatResponse response = this.model.chat(UserMessage.from(TextContent.from("What is this?"),
				ImageContent.from("iVBORw==", "image/png"), ImageContent.from("https://example.com/cat.jpg")));

		assertThat(response.aiMessage().text()).isEqualTo("A cat on a mat.");
		openai.verify(postRequestedFor(urlEqualTo(CHAT)).withRequestBody(
				matchingJsonPath("$.messages[0].content[1].image_url.url", equalTo("data:image/png;base64,iVBORw=="))));
		anthropic.verify(postRequestedFor(urlEqualTo(MESSAGES)).withRequestBody(equalToJson("""
				{"messages":[{"role":"user","content":[{"type":"text","text":"What is this?"},
				  {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw=="}},
				  {"type":"image","source":{"type":"url","url":"https://example.com/cat.jpg"}}]}]}""", true, true)));
	}

	@Test
	void parametersNotEveryProviderHonoursAreRefusedBeforeAnyCall() {
		assertThatExceptionOfType(UnsupportedFeatureException.class)
			.isThrownBy(() -> this.model.chat(ChatRequest.builder()
				.messages(UserMessage.from("Hi"))
				.parameters(ChatRequestParameters.builder().topK(5).build())
				.build()))
			.withMessageContaining("'topK'");
		assertThatExceptionOfType(UnsupportedFeatureException.class)
			.isThrownBy(() -> FallbackLangChain4j.chatModel(Chains.chain(Chains.openAi(openai)))
				.defaultRequestParameters(ChatRequestParameters.builder().frequencyPenalty(0.5).build())
				.build());
		assertThat(openai.getAllServeEvents()).isEmpty();
	}

	@Test
	void requestTheChainRejectsIsAnInvalidRequestException() {
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> this.model.chat(ChatRequest.builder()
			.messages(UserMessage.from("Hi"))
			.parameters(ChatRequestParameters.builder().toolChoice(ToolChoice.REQUIRED).build())
			.build()));
		assertThat(openai.getAllServeEvents()).isEmpty();
		assertThat(this.listener.events).containsExactly("request", "error:InvalidRequestException");
	}

	@Test
	void structuredOutputIsReportedOnlyWhenEveryTargetSupportsIt() {
		assertThat(this.model.supportedCapabilities()).containsExactly(Capability.RESPONSE_FORMAT_JSON_SCHEMA);
		assertThat(this.model.provider()).isEqualTo(dev.langchain4j.model.ModelProvider.OTHER);
	}

	private static void stubRateLimitThenAnthropic(String answer) {
		openai.stubFor(
				post(CHAT).willReturn(json(429, openAiError("requests", "rate_limit_exceeded", "Rate limit reached"))
					.withHeader("Retry-After", "20")));
		anthropic.stubFor(post(MESSAGES).willReturn(ok(anthropicMessage("claude-sonnet-4-5-20250929", answer))));
	}

	/** Records what a listener hears, in order. */
	static final class RecordingListener implements ChatModelListener {

		final List<String> events = new ArrayList<>();

		@Override
		public void onRequest(ChatModelRequestContext context) {
			this.events.add("request");
		}

		@Override
		public void onResponse(ChatModelResponseContext context) {
			this.events.add("response:" + context.chatResponse().aiMessage().text());
		}

		@Override
		public void onError(ChatModelErrorContext context) {
			this.events.add("error:" + context.error().getClass().getSimpleName());
		}

	}

}
