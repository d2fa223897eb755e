package io.github.fallbackllm.gateway.server.messages;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.HttpResponseFor;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.Metadata;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.github.fallbackllm.gateway.testsupport.AdjustableClock;
import io.github.fallbackllm.gateway.testsupport.StubProviders;
import io.github.fallbackllm.gateway.server.testsupport.GatewayClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The Messages endpoints driven by the official Anthropic Java SDK, pointed at the
 * gateway with its base URL, against WireMock providers: an Anthropic-format primary,
 * rate-limited in most tests, then an OpenAI-format secondary. The client runs with
 * {@code maxRetries(0)}, so each SDK call reaches the gateway once.
 *
 * @author Fallback LLM contributors
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
@Import(StubProviders.AdjustableClockConfiguration.class)
class AnthropicClientEndToEndTests {

	private static final WireMockServer anthropic = StubProviders.server();

	private static final WireMockServer openAi = StubProviders.server();

	private static final String WEATHER_CALL = """
			{"type":"function","id":"call_7","function":{"name":"weather","arguments":"{\\"city\\":\\"Paris\\"}"}}""";

	@LocalServerPort
	private int port;

	@Autowired
	private AdjustableClock clock;

	private AnthropicClient client;

	@DynamicPropertySource
	static void providers(DynamicPropertyRegistry registry) {
		registry.add("llm.fallback.providers[0].name", () -> "primary");
		registry.add("llm.fallback.providers[0].type", () -> "anthropic");
		registry.add("llm.fallback.providers[0].base-url", () -> anthropic.baseUrl() + "/v1");
		registry.add("llm.fallback.providers[0].api-key", () -> "sk-ant-PRIMARYsecret");
		registry.add("llm.fallback.providers[0].models[0]", () -> "claude-sonnet-4-5");
		registry.add("llm.fallback.providers[1].name", () -> "secondary");
		registry.add("llm.fallback.providers[1].type", () -> "openai");
		registry.add("llm.fallback.providers[1].base-url", () -> openAi.baseUrl() + "/v1");
		registry.add("llm.fallback.providers[1].api-key", () -> "sk-proj-SECONDARYsecret");
		registry.add("llm.fallback.providers[1].models[0]", () -> "gpt-4o-mini");
		registry.add("llm.fallback.retry.delay", () -> "10ms");
	}

	@BeforeEach
	void connect() {
		anthropic.resetAll();
		openAi.resetAll();
		this.clock.advance(Duration.ofHours(1));
		this.client = GatewayClients.anthropic(this.port);
	}

	@AfterEach
	void close() {
		this.client.close();
	}

	@Test
	void messageIsServedByTheOpenAiSecondaryAfterTheAnthropicPrimaryRateLimits() {
		anthropic.stubFor(post("/v1/messages").willReturn(rateLimited()));
		openAi.stubFor(post("/v1/chat/completions").willReturn(StubProviders.openAiCompletion("Hello there")));

		HttpResponseFor<Message> response = this.client.messages()
			.withRawResponse()
			.create(request().system("Be brief.").build());
		Message message = response.parse();

		assertThat(message.content()).singleElement()
			.satisfies((block) -> assertThat(block.text())
				.hasValueSatisfying((text) -> assertThat(text.text()).isEqualTo("Hello there")));
		assertThat(message.stopReason()).contains(StopReason.END_TURN);
		assertThat(message.usage().inputTokens()).isEqualTo(12);
		assertThat(message.usage().outputTokens()).isEqualTo(2);
		assertThat(response.headers().values("x-llm-provider")).containsExactly("secondary");
		openAi.verify(postRequestedFor(urlPathEqualTo("/v1/chat/completions")).withRequestBody(equalToJson("""
				{"model":"gpt-4o-mini","max_completion_tokens":256,"user":"user-42",
				 "messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hello"}]}""", true,
				true)));
	}

	@Test
	void streamIsServedByTheOpenAiSecondaryInAnthropicsEventOrder() {
		anthropic.stubFor(post("/v1/messages").willReturn(rateLimited()));
		openAi.stubFor(post("/v1/chat/completions").willReturn(
				openAiStream(delta("{\"content\":\"Hel\"}"), delta("{\"content\":\"lo\"}"), finish("stop"), usage())));

		List<String> events = new ArrayList<>();
		MessageAccumulator accumulator = MessageAccumulator.create();
		try (StreamResponse<RawMessageStreamEvent> stream = this.client.messages().createStreaming(request().build())) {
			stream.stream().forEach((event) -> {
				events.add(name(event));
				accumulator.accumulate(event);
			});
		}

		assertThat(events).containsExactly("message_start", "content_block_start", "content_block_delta",
				"content_block_delta", "content_block_stop", "message_delta", "message_stop");
		Message message = accumulator.message();
		assertThat(message.content()).singleElement()
			.satisfies((block) -> assertThat(block.text().orElseThrow().text()).isEqualTo("Hello"));
		assertThat(message.stopReason()).contains(StopReason.END_TURN);
		assertThat(message.usage().outputTokens()).isEqualTo(2);
	}

	@Test
	void aToolLoopKeepsTheCallIdAcrossTheOpenAiSecondary() {
		anthropic.stubFor(post("/v1/messages").willReturn(rateLimited()));
		openAi.stubFor(post("/v1/chat/completions").inScenario("loop")
			.whenScenarioStateIs("Started")
			.willReturn(openAiStream(
					delta("{\"tool_calls\":[{\"index\":0,\"id\":\"call_7\",\"type\":\"function\","
							+ "\"function\":{\"name\":\"weather\",\"arguments\":\"\"}}]}"),
					delta("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\"}}]}"),
					delta("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"Paris\\\"}\"}}]}"),
					finish("tool_calls")))
			.willSetStateTo("answered"));
		openAi.stubFor(post("/v1/chat/completions").inScenario("loop")
			.whenScenarioStateIs("answered")
			.willReturn(StubProviders.openAiCompletion("18 degrees in Paris")));
		MessageCreateParams.Builder conversation = request().addTool(weatherTool());

		MessageAccumulator accumulator = MessageAccumulator.create();
		try (StreamResponse<RawMessageStreamEvent> stream = this.client.messages()
			.createStreaming(conversation.build())) {
			stream.stream().forEach(accumulator::accumulate);
		}
		Message call = accumulator.message();
		ToolUseBlock toolUse = call.content()
			.stream()
			.map(ContentBlock::toolUse)
			.flatMap(Optional::stream)
			.findFirst()
			.orElseThrow();
		assertThat(call.stopReason()).contains(StopReason.TOOL_USE);
		assertThat(toolUse.id()).isEqualTo("call_7");
		assertThat(toolUse.name()).isEqualTo("weather");
		assertThat(toolUse._input().convert(Map.class)).isEqualTo(Map.of("city", "Paris"));

		Message answer = this.client.messages()
			.create(conversation.addMessage(call)
				.addUserMessageOfContentBlockParams(List.of(ContentBlockParam
					.ofToolResult(ToolResultBlockParam.builder().toolUseId(toolUse.id()).content("18C").build())))
				.build());

		assertThat(answer.content().get(0).text().orElseThrow().text()).isEqualTo("18 degrees in Paris");
		openAi.verify(postRequestedFor(urlPathEqualTo("/v1/chat/completions"))
			.withRequestBody(matchingJsonPath("$.messages[1].tool_calls[0]", equalToJson(WEATHER_CALL)))
			.withRequestBody(matchingJsonPath("$.messages[2].tool_call_id", equalTo("call_7")))
			.withRequestBody(matchingJsonPath("$.messages[2].content", equalTo("18C"))));
	}

	@Test
	void aStreamThatBreaksAfterItsFirstDeltaEndsWithAnErrorTheSdkRaisesAfterTheText() {
		anthropic.stubFor(post("/v1/messages").willReturn(rateLimited()));
		openAi.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "text/event-stream")
			.withBody("data: " + chunk(delta("{\"content\":\"Hel\"}")) + "\n\n")));

		StringBuilder text = new StringBuilder();
		assertThatExceptionOfType(AnthropicServiceException.class).isThrownBy(() -> {
			try (StreamResponse<RawMessageStreamEvent> stream = this.client.messages()
				.createStreaming(request().build())) {
				stream.stream()
					.forEach((event) -> event.contentBlockDelta()
						.flatMap((delta) -> delta.delta().text())
						.ifPresent((delta) -> text.append(delta.text())));
			}
		}).withMessageContaining("broke after 1 chunks");
		assertThat(text).hasToString("Hel");
	}

	@Test
	void theAnthropicPrimaryServesMessagesAndStreamsWhenItIsUp() {
		anthropic.stubFor(post("/v1/messages").willReturn(StubProviders.anthropicMessage("Hello from Claude")));
		anthropic.stubFor(post("/v1/messages").withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
			.willReturn(StubProviders.anthropicStream(List.of("Hello", " from", " Claude"), true)));

		Message message = this.client.messages().create(request().build());
		MessageAccumulator accumulator = MessageAccumulator.create();
		try (StreamResponse<RawMessageStreamEvent> stream = this.client.messages().createStreaming(request().build())) {
			stream.stream().forEach(accumulator::accumulate);
		}

		assertThat(message.content().get(0).text().orElseThrow().text()).isEqualTo("Hello from Claude");
		assertThat(message.model().asString()).isEqualTo(StubProviders.SECONDARY_REPORTED_MODEL);
		assertThat(accumulator.message().content().get(0).text().orElseThrow().text()).isEqualTo("Hello from Claude");
		assertThat(accumulator.message().usage().inputTokens()).isEqualTo(11);
		openAi.verify(0, postRequestedFor(urlPathEqualTo("/v1/chat/completions")));
	}

	@Test
	void countTokensIsForwardedToTheAnthropicTargetWithItsOwnModel() {
		anthropic.stubFor(post("/v1/messages/count_tokens").willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"input_tokens\":42}")));

		long count = this.client.messages()
			.countTokens(MessageCountTokensParams.builder()
				.model("smart")
				.addUserMessage("How many tokens is this?")
				.addTool(weatherTool())
				.build())
			.inputTokens();

		assertThat(count).isEqualTo(42);
		anthropic.verify(postRequestedFor(urlPathEqualTo("/v1/messages/count_tokens"))
			.withHeader("x-api-key", equalTo("sk-ant-PRIMARYsecret"))
			.withRequestBody(matchingJsonPath("$.model", equalTo("claude-sonnet-4-5")))
			.withRequestBody(matchingJsonPath("$.tools[0].name", equalTo("weather"))));
	}

	private static String name(RawMessageStreamEvent event) {
		return event.isMessageStart() ? "message_start" : event.isContentBlockStart() ? "content_block_start"
				: event.isContentBlockDelta() ? "content_block_delta" : event.isContentBlockStop()
						? "content_block_stop"
						: event.isMessageDelta() ? "message_delta" : event.isMessageStop() ? "message_stop" : "?";
	}

	private static MessageCreateParams.Builder request() {
		return MessageCreateParams.builder()
			.model("claude-sonnet-4-5")
			.maxTokens(256)
			.metadata(Metadata.builder().userId("user-42").build())
			.addUserMessage("Hello");
	}

	static Tool weatherTool() {
		return Tool.builder()
			.name("weather")
			.description("Current weather in a city")
			.inputSchema(Tool.InputSchema.builder()
				.properties(Tool.InputSchema.Properties.builder()
					.putAdditionalProperty("city", JsonValue.from(Map.of("type", "string")))
					.build())
				.required(List.of("city"))
				.build())
			.build();
	}

	private static ResponseDefinitionBuilder rateLimited() {
		return aResponse().withStatus(429)
			.withHeader("Content-Type", "application/json")
			.withHeader("retry-after", "20")
			.withBody("{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Slow down\"}}");
	}

	private static ResponseDefinitionBuilder openAiStream(String... choices) {
		StringBuilder body = new StringBuilder();
		for (String choice : choices) {
			body.append("data: ").append(chunk(choice)).append("\n\n");
		}
		body.append("data: [DONE]\n\n");
		return aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(body.toString());
	}

	private static String chunk(String choices) {
		return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\","
				+ choices + "}";
	}

	private static String delta(String delta) {
		return "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":null}]";
	}

	private static String finish(String reason) {
		return "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"" + reason + "\"}]";
	}

	private static String usage() {
		return "\"choices\":[],\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":2,\"total_tokens\":13}";
	}

}
