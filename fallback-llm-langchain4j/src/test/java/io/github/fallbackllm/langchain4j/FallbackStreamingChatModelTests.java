package io.github.fallbackllm.langchain4j;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.PartialToolCallContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.TokenStream;
import io.github.fallbackllm.chat.Attempt;
import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.ChatChunk;
import io.github.fallbackllm.chat.ChatStreamInterruptedException;
import io.github.fallbackllm.provider.LlmProvider;
import io.github.fallbackllm.provider.openai.OpenAiLlmProvider;
import io.github.fallbackllm.testsupport.ProviderStubs;
import io.github.fallbackllm.testsupport.ScriptedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.github.fallbackllm.langchain4j.Chains.CHAT;
import static io.github.fallbackllm.langchain4j.Chains.MESSAGES;
import static io.github.fallbackllm.testsupport.ProviderStubs.anthropicStream;
import static io.github.fallbackllm.testsupport.ProviderStubs.json;
import static io.github.fallbackllm.testsupport.ProviderStubs.openAiDelta;
import static io.github.fallbackllm.testsupport.ProviderStubs.openAiError;
import static io.github.fallbackllm.testsupport.ProviderStubs.sse;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link FallbackStreamingChatModel} through LangChain4j's {@link StreamingChatModel} and
 * {@link TokenStream} APIs, against WireMock stubs of an OpenAI provider followed by an
 * Anthropic one.
 */
class FallbackStreamingChatModelTests {

	@RegisterExtension
	static WireMockExtension openai = ProviderStubs.server();

	@RegisterExtension
	static WireMockExtension anthropic = ProviderStubs.server();

	private final FallbackChatModelTests.RecordingListener listener = new FallbackChatModelTests.RecordingListener();

	private final StreamingChatModel model = FallbackLangChain4j
		.streamingChatModel(Chains.openAiThenAnthropic(openai, anthropic))
		.listeners(this.listener)
		.build();

	@Test
	void tokenStreamFallsBackBeforeTheFirstToken() throws Exception {
		openai.stubFor(post(CHAT).willReturn(json(503, openAiError("server_error", null, "Overloaded"))));
		anthropic.stubFor(post(MESSAGES).willReturn(sse(anthropicStream("Hello", " from", " Claude"))));
		Streamer streamer = AiServices.create(Streamer.class, this.model);
		List<String> tokens = Collections.synchronizedList(new ArrayList<>());
		CompletableFuture<ChatResponse> done = new CompletableFuture<>();

		streamer.chat("Say hello")
			.onPartialResponse(tokens::add)
			.onCompleteResponse(done::complete)
			.onError(done::completeExceptionally)
			.start();

		ChatResponse response = done.get(10, TimeUnit.SECONDS);
		assertThat(tokens).containsExactly("Hello", " from", " Claude");
		assertThat(response.aiMessage().text()).isEqualTo("Hello from Claude");
		assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
		assertThat(response.tokenUsage().outputTokenCount()).isEqualTo(6);
		FallbackChatResponseMetadata metadata = (FallbackChatResponseMetadata) response.metadata();
		assertThat(metadata.provider()).isEqualTo("anthropic");
		assertThat(metadata.attempts()).extracting(Attempt::outcome)
			.containsExactly(AttemptOutcome.SERVER_ERROR, AttemptOutcome.SERVER_ERROR, AttemptOutcome.SUCCEEDED);
		assertThat(this.listener.events).containsExactly("request", "response:Hello from Claude");
	}

	@Test
	void tokenStreamThatBreaksAfterTheFirstTokenErrorsWithoutSwitchingProvider() throws Exception {
		anthropic.stubFor(post(MESSAGES).willReturn(sse(anthropicStream("Another answer"))));
		try (ScriptedServer breaking = ScriptedServer.eventsThenDrop(openAiDelta("Hel"))) {
			StreamingChatModel model = FallbackLangChain4j
				.streamingChatModel(
						Chains.chain(
								new OpenAiLlmProvider(ProviderStubs.settings("openai", breaking.baseUrl(),
										Chains.OPENAI_KEY, "gpt-4o"), WebClient.builder()),
								Chains.anthropic(anthropic)))
				.listeners(this.listener)
				.build();
			List<String> tokens = Collections.synchronizedList(new ArrayList<>());
			CompletableFuture<Throwable> failed = new CompletableFuture<>();

			AiServices.create(Streamer.class, model)
				.chat("Hi")
				.onPartialResponse(tokens::add)
				.onCompleteResponse((response) -> failed.complete(null))
				.onError(failed::complete)
				.start();

			Throwable error = failed.get(10, TimeUnit.SECONDS);
			assertThat(error).isInstanceOf(RetriableException.class)
				.hasCauseInstanceOf(ChatStreamInterruptedException.class);
			assertThat(tokens).containsExactly("Hel");
			assertThat(breaking.requests()).isEqualTo(1);
		}
		assertThat(anthropic.getAllServeEvents()).isEmpty();
		assertThat(this.listener.events).containsExactly("request", "error:RetriableException");
	}

	@Test
	void toolCallsArriveInLangChain4jsOrderOnAThreadThatMayBlock() throws Exception {
		openai.stubFor(post(CHAT).willReturn(sse(twoToolCallsStream())));
		RecordingHandler handler = new RecordingHandler();

		this.model.chat(ChatRequest.builder()
			.messages(UserMessage.from("Weather in Zürich and Bern?"))
			.parameters(ChatRequestParameters.builder()
				.toolSpecifications(ToolSpecification.builder()
					.name("currentWeather")
					.parameters(JsonObjectSchema.builder().addStringProperty("city").required("city").build())
					.build())
				.build())
			.build(), handler);

		ChatResponse response = handler.done.get(10, TimeUnit.SECONDS);
		assertThat(handler.events).containsExactly("partial tool call 0 call_1 currentWeather {\"city\":",
				"partial tool call 0 call_1 currentWeather \"Zürich\"}",
				"complete tool call 0 call_1 currentWeather {\"city\":\"Zürich\"}",
				"partial tool call 1 call_2 currentWeather {\"city\":\"Bern\"}",
				"complete tool call 1 call_2 currentWeather {\"city\":\"Bern\"}", "complete response");
		assertThat(handler.onEventLoop).isFalse();
		assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_EXECUTION);
		assertThat(response.aiMessage().text()).isNull();
		assertThat(response.aiMessage().toolExecutionRequests())
			.extracting((request) -> request.id() + " " + request.arguments())
			.containsExactly("call_1 {\"city\":\"Zürich\"}", "call_2 {\"city\":\"Bern\"}");
	}

	@Test
	void streamedToolLoopStartedOnOpenAiFinishesOnAnthropicAfterARateLimit() throws Exception {
		openai.stubFor(post(CHAT).willReturn(sse(twoToolCallsStream())));
		openai.stubFor(post(CHAT).atPriority(1)
			.withRequestBody(matchingJsonPath("$.messages[?(@.role == 'tool')]"))
			.willReturn(json(429, openAiError("tokens", "rate_limit_exceeded", "Rate limit reached"))));
		anthropic.stubFor(post(MESSAGES).willReturn(sse(anthropicStream("Zürich 4 °C, ", "Bern 4 °C."))));
		AiServicesTests.WeatherTools weather = new AiServicesTests.WeatherTools();
		Streamer streamer = AiServices.builder(Streamer.class).streamingChatModel(this.model).tools(weather).build();
		CompletableFuture<ChatResponse> done = new CompletableFuture<>();

		streamer.chat("Weather in Zürich and Bern?").onPartialResponse((token) -> {
		}).onCompleteResponse(done::complete).onError(done::completeExceptionally).start();

		assertThat(done.get(10, TimeUnit.SECONDS).aiMessage().text()).isEqualTo("Zürich 4 °C, Bern 4 °C.");
		assertThat(weather.cities).containsExactly("Zürich", "Bern");
		anthropic.verify(postRequestedFor(urlEqualTo(MESSAGES))
			.withRequestBody(matchingJsonPath("$.messages[1].content[0].id", equalTo("call_1")))
			.withRequestBody(matchingJsonPath("$.messages[1].content[1].id", equalTo("call_2")))
			.withRequestBody(matchingJsonPath("$.messages[2].content[0].tool_use_id", equalTo("call_1")))
			.withRequestBody(matchingJsonPath("$.messages[2].content[1].tool_use_id", equalTo("call_2"))));
	}

	@Test
	void requestThatCannotBeSentReachesTheHandlerAndTheListeners() throws Exception {
		RecordingHandler handler = new RecordingHandler();

		this.model.chat(ChatRequest.builder()
			.messages(UserMessage.from("Hi"))
			.parameters(ChatRequestParameters.builder().presencePenalty(0.5).build())
			.build(), handler);

		assertThat(handler.done).failsWithin(Duration.ofSeconds(10))
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(UnsupportedFeatureException.class);
		assertThat(this.listener.events).containsExactly("request", "error:UnsupportedFeatureException");
		assertThat(openai.getAllServeEvents()).isEmpty();
	}

	@Test
	void streamThatEndsWithoutItsLastChunkReachesOnError() {
		LlmProvider truncating = new LlmProvider() {

			@Override
			public String name() {
				return "truncating";
			}

			@Override
			public List<String> models() {
				return List.of("model");
			}

			@Override
			public Mono<io.github.fallbackllm.chat.ChatResponse> chat(String model,
					io.github.fallbackllm.chat.ChatRequest request) {
				return Mono.error(new UnsupportedOperationException());
			}

			@Override
			public Flux<ChatChunk> stream(String model, io.github.fallbackllm.chat.ChatRequest request) {
				return Flux.just(ChatChunk.text("Hel", "truncating", "model"));
			}

		};
		RecordingHandler handler = new RecordingHandler();

		FallbackLangChain4j.streamingChatModel(Chains.chain(truncating)).build().chat("Hi", handler);

		assertThat(handler.done).failsWithin(Duration.ofSeconds(10));
		assertThat(handler.events).containsExactly("partial response Hel");
	}

	/** Two tool calls, the arguments of the first split over two events. */
	private static String twoToolCallsStream() {
		String head = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\","
				+ "\"choices\":[{\"index\":0,\"delta\":";
		return head + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_1\","
				+ "\"type\":\"function\",\"function\":{\"name\":\"currentWeather\",\"arguments\":\"\"}}]},"
				+ "\"finish_reason\":null}]}\n\n" + head
				+ "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\"}}]},"
				+ "\"finish_reason\":null}]}\n\n" + head
				+ "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"Zürich\\\"}\"}}]},"
				+ "\"finish_reason\":null}]}\n\n" + head
				+ "{\"tool_calls\":[{\"index\":1,\"id\":\"call_2\",\"type\":\"function\",\"function\":"
				+ "{\"name\":\"currentWeather\",\"arguments\":\"{\\\"city\\\":\\\"Bern\\\"}\"}}]},"
				+ "\"finish_reason\":null}]}\n\n" + head + "{},\"finish_reason\":\"tool_calls\"}]}\n\ndata: [DONE]\n\n";
	}

	interface Streamer {

		TokenStream chat(String message);

	}

	/** Records the callbacks of one stream, in order. */
	static final class RecordingHandler implements StreamingChatResponseHandler {

		final List<String> events = Collections.synchronizedList(new ArrayList<>());

		final CompletableFuture<ChatResponse> done = new CompletableFuture<>();

		volatile boolean onEventLoop;

		@Override
		public void onPartialResponse(PartialResponse partialResponse, PartialResponseContext context) {
			record("partial response " + partialResponse.text());
		}

		@Override
		public void onPartialToolCall(PartialToolCall call, PartialToolCallContext context) {
			record("partial tool call " + call.index() + " " + call.id() + " " + call.name() + " "
					+ call.partialArguments());
		}

		@Override
		public void onCompleteToolCall(CompleteToolCall call) {
			record("complete tool call " + call.index() + " " + call.toolExecutionRequest().id() + " "
					+ call.toolExecutionRequest().name() + " " + call.toolExecutionRequest().arguments());
		}

		@Override
		public void onCompleteResponse(ChatResponse response) {
			record("complete response");
			this.done.complete(response);
		}

		@Override
		public void onError(Throwable error) {
			this.done.completeExceptionally(error);
		}

		private void record(String event) {
			this.onEventLoop |= Schedulers.isInNonBlockingThread();
			this.events.add(event);
		}

	}

}
