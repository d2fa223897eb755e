package io.github.fallbackllm.gateway.server.responses;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.openai.core.JsonValue;
import com.openai.core.ObjectMappers;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.helpers.ResponseAccumulator;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseStatus;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.StructuredResponse;
import com.openai.models.responses.WebSearchTool;
import io.github.fallbackllm.gateway.testsupport.StubProviders;
import io.github.fallbackllm.gateway.server.testsupport.OpenAiSdkApplicationTests;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.github.fallbackllm.gateway.testsupport.StubProviders.PRIMARY_MODEL;
import static io.github.fallbackllm.gateway.testsupport.StubProviders.SECONDARY_REPORTED_MODEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static io.github.fallbackllm.gateway.server.testsupport.GatewayClients.text;

/**
 * The Responses API of the gateway driven by the official OpenAI Java SDK against
 * WireMock providers: an OpenAI-format primary, rate-limited unless a test says
 * otherwise, and an Anthropic-format secondary. The response store is on, so that
 * {@code previous_response_id} can be followed across a failover.
 */
@TestPropertySource(properties = "llm.fallback.gateway.responses.store=true")
class OpenAiResponsesEndToEndTests extends OpenAiSdkApplicationTests {

	private static final String COMPLETIONS = "/v1/chat/completions";

	private static final String MESSAGES = "/v1/messages";

	@Test
	void createIsServedByTheAnthropicSecondaryAfterThePrimaryRateLimits() {
		primaryRateLimited();
		secondary.stubFor(post(MESSAGES).willReturn(StubProviders.anthropicMessage("Hello from the secondary")));

		Response response = this.client.responses()
			.create(ResponseCreateParams.builder()
				.model("gpt-4o")
				.instructions("Be brief.")
				.input("Hi")
				.maxOutputTokens(100)
				.build());

		assertThat(response.id()).startsWith("resp_");
		assertThat(response.status()).contains(ResponseStatus.COMPLETED);
		assertThat(model(response)).isEqualTo(SECONDARY_REPORTED_MODEL);
		assertThat(text(response)).isEqualTo("Hello from the secondary");
		assertThat(response.usage()).hasValueSatisfying((usage) -> {
			assertThat(usage.inputTokens()).isEqualTo(12);
			assertThat(usage.outputTokens()).isEqualTo(9);
			assertThat(usage.totalTokens()).isEqualTo(21);
		});
		secondary.verify(postRequestedFor(urlPathEqualTo(MESSAGES)).withRequestBody(equalToJson("""
				{"system":"Be brief.","max_tokens":100,"messages":[{"role":"user","content":"Hi"}]}""", true, true)));
	}

	@Test
	void aStreamFromTheAnthropicSecondaryHasEveryEventInOrder() {
		primaryRateLimited();
		secondary.stubFor(post(MESSAGES).willReturn(StubProviders.anthropicStream(List.of("Hel", "lo"), true)));
		List<String> types = new ArrayList<>();
		ResponseAccumulator accumulator = ResponseAccumulator.create();

		try (StreamResponse<ResponseStreamEvent> stream = this.client.responses().createStreaming(request("Hi"))) {
			stream.stream().forEach((event) -> {
				types.add(type(event));
				accumulator.accumulate(event);
			});
		}

		assertThat(types).containsExactly("response.created", "response.in_progress", "response.output_item.added",
				"response.content_part.added", "response.output_text.delta", "response.output_text.delta",
				"response.output_text.done", "response.content_part.done", "response.output_item.done",
				"response.completed");
		Response response = accumulator.response();
		assertThat(text(response)).isEqualTo("Hello");
		assertThat(response.status()).contains(ResponseStatus.COMPLETED);
	}

	@Test
	void aStreamCutAfterItsFirstDeltaEndsWithResponseFailed() {
		primaryRateLimited();
		secondary.stubFor(post(MESSAGES).willReturn(StubProviders.anthropicStream(List.of("Hel"), false)));
		List<ResponseStreamEvent> events = new ArrayList<>();

		try (StreamResponse<ResponseStreamEvent> stream = this.client.responses().createStreaming(request("Hi"))) {
			stream.stream().forEach(events::add);
		}

		assertThat(events.stream().filter(ResponseStreamEvent::isOutputTextDelta)).singleElement()
			.satisfies((event) -> assertThat(event.asOutputTextDelta().delta()).isEqualTo("Hel"));
		ResponseStreamEvent last = events.get(events.size() - 1);
		assertThat(last.isFailed()).isTrue();
		Response failed = last.asFailed().response();
		assertThat(failed.status()).contains(ResponseStatus.FAILED);
		assertThat(failed.error()).hasValueSatisfying(
				(error) -> assertThat(error.message()).contains("broke after 1 chunks").doesNotContain("sk-"));
	}

	@Test
	void aFunctionToolLoopRunsOnTheAnthropicSecondary() {
		primaryRateLimited();
		secondary.stubFor(post(MESSAGES).willReturn(toolUseStream()));
		secondary.stubFor(post(MESSAGES).atPriority(1)
			.withRequestBody(containing("tool_result"))
			.willReturn(StubProviders.anthropicMessage("It is 4 degrees in Oslo.")));
		List<ResponseInputItem> input = new ArrayList<>();
		input.add(ResponseInputItem.ofEasyInputMessage(com.openai.models.responses.EasyInputMessage.builder()
			.role(com.openai.models.responses.EasyInputMessage.Role.USER)
			.content("What is the weather in Oslo?")
			.build()));
		ResponseAccumulator accumulator = ResponseAccumulator.create();

		try (StreamResponse<ResponseStreamEvent> stream = this.client.responses()
			.createStreaming(withWeatherTool().inputOfResponse(input).build())) {
			stream.stream().forEach(accumulator::accumulate);
		}
		List<ResponseOutputItem> output = accumulator.response().output();
		ResponseFunctionToolCall call = output.stream()
			.filter(ResponseOutputItem::isFunctionCall)
			.findFirst()
			.orElseThrow()
			.asFunctionCall();
		assertThat(call.callId()).isEqualTo("toolu_01WeatherOslo");
		assertThat(call.name()).isEqualTo("get_weather");
		assertThat(call.arguments()).isEqualTo("{\"city\": \"Oslo\"}");

		input.add(ResponseInputItem.ofFunctionCall(call));
		input.add(ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
			.callId(call.callId())
			.output("{\"celsius\":4}")
			.build()));
		Response answer = this.client.responses().create(withWeatherTool().inputOfResponse(input).build());

		assertThat(text(answer)).isEqualTo("It is 4 degrees in Oslo.");
		secondary.verify(postRequestedFor(urlPathEqualTo(MESSAGES)).withRequestBody(containing("tool_result"))
			.withRequestBody(equalToJson("""
					{"messages":[{"role":"user","content":"What is the weather in Oslo?"},
					  {"role":"assistant","content":[{"type":"tool_use","id":"toolu_01WeatherOslo",
					    "name":"get_weather","input":{"city":"Oslo"}}]},
					  {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_01WeatherOslo",
					    "content":"{\\"celsius\\":4}"}]}]}""", true, true)));
	}

	@Test
	void aJsonSchemaAnswerFromTheAnthropicSecondaryBindsInTheSdk() {
		primaryRateLimited();
		secondary.stubFor(post(MESSAGES).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody("""
					{"id":"msg_01","type":"message","role":"assistant","model":"%s",
					 "content":[{"type":"tool_use","id":"toolu_02","name":"json_answer",
					   "input":{"city":"Oslo","celsius":4.5}}],
					 "stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":30,"output_tokens":12}}"""
				.formatted(SECONDARY_REPORTED_MODEL))));

		StructuredResponse<Weather> response = this.client.responses()
			.create(ResponseCreateParams.builder()
				.model("gpt-4o")
				.input("Weather in Oslo as JSON")
				.text(Weather.class)
				.build());

		assertThat(response.output()).singleElement()
			.satisfies((item) -> assertThat(item.message().orElseThrow().content()).singleElement()
				.satisfies((content) -> assertThat(content.outputText()).contains(new Weather("Oslo", 4.5))));
		secondary.verify(postRequestedFor(urlPathEqualTo(MESSAGES))
			.withRequestBody(matchingJsonPath("$.tool_choice.name", equalTo("json_answer")))
			.withRequestBody(matchingJsonPath("$.tools[0].input_schema.properties.celsius.type", equalTo("number"))));
	}

	@Test
	void anOpenAiPrimaryServesCreateAndStream() {
		primary.stubFor(post(COMPLETIONS).withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
			.atPriority(1)
			.willReturn(openAiStream("Hel", "lo")));
		primary.stubFor(post(COMPLETIONS).willReturn(StubProviders.openAiCompletion("Hello from the primary")));

		Response created = this.client.responses().create(request("Hi"));
		ResponseAccumulator accumulator = ResponseAccumulator.create();
		try (StreamResponse<ResponseStreamEvent> stream = this.client.responses().createStreaming(request("Hi"))) {
			stream.stream().forEach(accumulator::accumulate);
		}

		assertThat(text(created)).isEqualTo("Hello from the primary");
		assertThat(model(created)).isEqualTo(PRIMARY_MODEL);
		assertThat(text(accumulator.response())).isEqualTo("Hello");
		secondary.verify(0, postRequestedFor(urlPathEqualTo(MESSAGES)));
	}

	@Test
	void previousResponseIdContinuesTheConversationOnTheTargetThatServesNow() {
		primary.stubFor(post(COMPLETIONS).willReturn(StubProviders.openAiCompletion("It is 4 degrees.")));
		Response first = this.client.responses().create(request("Weather in Oslo?"));
		primary.resetAll();
		primaryRateLimited();
		secondary.stubFor(post(MESSAGES).willReturn(StubProviders.anthropicMessage("Sunny tomorrow.")));

		Response second = this.client.responses()
			.create(ResponseCreateParams.builder()
				.model("gpt-4o")
				.previousResponseId(first.id())
				.input("And tomorrow?")
				.build());

		assertThat(text(second)).isEqualTo("Sunny tomorrow.");
		assertThat(second.previousResponseId()).contains(first.id());
		secondary.verify(postRequestedFor(urlPathEqualTo(MESSAGES)).withRequestBody(equalToJson("""
				{"messages":[{"role":"user","content":"Weather in Oslo?"},
				  {"role":"assistant","content":"It is 4 degrees."},
				  {"role":"user","content":"And tomorrow?"}]}""", true, true)));
	}

	@Test
	void aBuiltInToolIsABadRequestThatNamesIt() {
		assertThatExceptionOfType(BadRequestException.class)
			.isThrownBy(() -> this.client.responses()
				.create(ResponseCreateParams.builder()
					.model("gpt-4o")
					.input("News today?")
					.addTool(WebSearchTool.builder().type(WebSearchTool.Type.WEB_SEARCH).build())
					.build()))
			.satisfies((ex) -> assertThat(ex.getMessage()).contains("'web_search' tool")
				.contains("not supported by this gateway"));
		primary.verify(0, postRequestedFor(urlPathEqualTo(COMPLETIONS)));
	}

	private static void primaryRateLimited() {
		primary.stubFor(post(COMPLETIONS).willReturn(StubProviders.openAiRateLimited(20)));
	}

	private static ResponseCreateParams request(String input) {
		return ResponseCreateParams.builder().model("gpt-4o").input(input).build();
	}

	private static ResponseCreateParams.Builder withWeatherTool() {
		return ResponseCreateParams.builder()
			.model("gpt-4o")
			.addTool(FunctionTool.builder()
				.name("get_weather")
				.description("Current weather in a city")
				.parameters(FunctionTool.Parameters.builder()
					.putAdditionalProperty("type", JsonValue.from("object"))
					.putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
					.putAdditionalProperty("required", JsonValue.from(List.of("city")))
					.build())
				.strict(false)
				.build());
	}

	/** The text of every output message, joined. */
	/**
	 * The model as it was on the wire: the SDK reads OpenAI's own names as enum values.
	 */
	private static String model(Response response) {
		return ObjectMappers.jsonMapper().valueToTree(response.model()).asText();
	}

	/** The event's type as it was on the wire. */
	private static String type(ResponseStreamEvent event) {
		return ObjectMappers.jsonMapper().valueToTree(event).path("type").asText();
	}

	/**
	 * A tool call streamed as Anthropic does: a tool_use block, then its input in pieces.
	 */
	private static ResponseDefinitionBuilder toolUseStream() {
		StringBuilder body = new StringBuilder();
		body.append(event("message_start", """
				{"type":"message_start","message":{"id":"msg_01","type":"message","role":"assistant","content":[],\
				"model":"%s","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":40,"output_tokens":1}}}"""
			.formatted(SECONDARY_REPORTED_MODEL)));
		body.append(event("content_block_start", """
				{"type":"content_block_start","index":0,"content_block":{"type":"tool_use",\
				"id":"toolu_01WeatherOslo","name":"get_weather","input":{}}}"""));
		for (String piece : List.of("{\\\"ci", "ty\\\": \\\"Os", "lo\\\"}")) {
			body.append(event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,"
					+ "\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"" + piece + "\"}}"));
		}
		body.append(event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"));
		body.append(event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\","
				+ "\"stop_sequence\":null},\"usage\":{\"output_tokens\":20}}"));
		body.append(event("message_stop", "{\"type\":\"message_stop\"}"));
		return aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(body.toString());
	}

	/** An OpenAI chat completion stream of the given text deltas. */
	private static ResponseDefinitionBuilder openAiStream(String... deltas) {
		String head = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\""
				+ PRIMARY_MODEL + "\",";
		StringBuilder body = new StringBuilder();
		body.append("data: ")
			.append(head)
			.append("\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
					+ "\"finish_reason\":null}]}\n\n");
		for (String delta : deltas) {
			body.append("data: ")
				.append(head)
				.append("\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + delta
						+ "\"},\"finish_reason\":null}]}\n\n");
		}
		body.append("data: ")
			.append(head)
			.append("\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
		body.append("data: [DONE]\n\n");
		return aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(body.toString());
	}

	private static String event(String name, String data) {
		return "event: " + name + "\ndata: " + data + "\n\n";
	}

	record Weather(String city, double celsius) {
	}

}
