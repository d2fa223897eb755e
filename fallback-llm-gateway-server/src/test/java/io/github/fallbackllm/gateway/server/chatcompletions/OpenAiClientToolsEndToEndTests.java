package io.github.fallbackllm.gateway.server.chatcompletions;

import java.util.List;
import java.util.Map;

import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPartImage;
import com.openai.models.chat.completions.ChatCompletionContentPartText;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.chat.completions.StructuredChatCompletion;
import io.github.fallbackllm.gateway.testsupport.StubProviders;
import io.github.fallbackllm.gateway.server.testsupport.OpenAiSdkApplicationTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.github.fallbackllm.gateway.testsupport.StubProviders.SECONDARY_REPORTED_MODEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * An agent's tool loop, a JSON-schema answer and an image, written against the official
 * OpenAI Java SDK and served through the gateway while the OpenAI-format primary is
 * rate-limited and the Anthropic-format secondary answers.
 */
class OpenAiClientToolsEndToEndTests extends OpenAiSdkApplicationTests {

	private static final String MESSAGES = "/v1/messages";

	@BeforeEach
	void primaryRateLimited() {
		primary.stubFor(post("/v1/chat/completions").willReturn(StubProviders.openAiRateLimited(20)));
	}

	@Test
	void anAgentsToolLoopRunsOnTheAnthropicSecondary() {
		secondary.stubFor(post(MESSAGES).willReturn(toolUseStream()));
		secondary.stubFor(post(MESSAGES).atPriority(1)
			.withRequestBody(containing("tool_result"))
			.willReturn(StubProviders.anthropicMessage("It is 4 degrees in Zürich.")));
		ChatCompletionCreateParams.Builder conversation = ChatCompletionCreateParams.builder()
			.model("gpt-4o")
			.addUserMessage("What is the weather in Zürich?")
			.addFunctionTool(FunctionDefinition.builder()
				.name("get_weather")
				.description("Current weather in a city")
				.parameters(FunctionParameters.builder()
					.putAdditionalProperty("type", JsonValue.from("object"))
					.putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
					.putAdditionalProperty("required", JsonValue.from(List.of("city")))
					.build())
				.build());

		ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
		try (StreamResponse<ChatCompletionChunk> stream = this.client.chat()
			.completions()
			.createStreaming(conversation.build())) {
			stream.stream().forEach(accumulator::accumulate);
		}
		ChatCompletion first = accumulator.chatCompletion();
		ChatCompletionMessage assistant = first.choices().get(0).message();
		ChatCompletionMessageFunctionToolCall call = assistant.toolCalls().orElseThrow().get(0).asFunction();
		assertThat(first.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
		assertThat(call.id()).isEqualTo("toolu_01WeatherZurich");
		assertThat(call.function().name()).isEqualTo("get_weather");
		assertThat(call.function().arguments()).isEqualTo("{\"city\": \"Zürich\"}");

		ChatCompletion answer = this.client.chat()
			.completions()
			.create(conversation.addMessage(assistant)
				.addMessage(ChatCompletionToolMessageParam.builder()
					.toolCallId(call.id())
					.content("{\"celsius\":4}")
					.build())
				.build());

		assertThat(answer.choices().get(0).message().content()).contains("It is 4 degrees in Zürich.");
		assertThat(answer.model()).isEqualTo(SECONDARY_REPORTED_MODEL);
		secondary.verify(postRequestedFor(urlPathEqualTo(MESSAGES)).withRequestBody(containing("tool_result"))
			.withRequestBody(equalToJson("""
					{"messages":[{"role":"user","content":"What is the weather in Zürich?"},
					  {"role":"assistant","content":[{"type":"tool_use","id":"toolu_01WeatherZurich",
					    "name":"get_weather","input":{"city":"Zürich"}}]},
					  {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_01WeatherZurich",
					    "content":"{\\"celsius\\":4}"}]}]}""", true, true)));
	}

	@Test
	void aJsonSchemaAnswerFromTheAnthropicSecondaryBindsInTheSdk() {
		secondary.stubFor(post(MESSAGES).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody("""
					{"id":"msg_01","type":"message","role":"assistant","model":"%s",
					 "content":[{"type":"tool_use","id":"toolu_02","name":"json_answer",
					   "input":{"city":"Zürich","celsius":4.5}}],
					 "stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":30,"output_tokens":12}}"""
				.formatted(SECONDARY_REPORTED_MODEL))));

		StructuredChatCompletion<Weather> completion = this.client.chat()
			.completions()
			.create(ChatCompletionCreateParams.builder()
				.model("gpt-4o")
				.addUserMessage("Weather in Zürich as JSON")
				.responseFormat(Weather.class)
				.build());

		assertThat(completion.choices().get(0).message().content()).contains(new Weather("Zürich", 4.5));
		assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
		secondary.verify(postRequestedFor(urlPathEqualTo(MESSAGES))
			.withRequestBody(matchingJsonPath("$.tool_choice.name", equalTo("json_answer")))
			.withRequestBody(matchingJsonPath("$.tools[0].input_schema.properties.celsius.type", equalTo("number"))));
	}

	@Test
	void anImagePartReachesTheAnthropicSecondaryAsABase64Block() {
		secondary.stubFor(post(MESSAGES).willReturn(StubProviders.anthropicMessage("A red square.")));

		ChatCompletion completion = this.client.chat()
			.completions()
			.create(ChatCompletionCreateParams.builder()
				.model("gpt-4o")
				.addUserMessageOfArrayOfContentParts(List.of(
						ChatCompletionContentPart
							.ofText(ChatCompletionContentPartText.builder().text("What is this?").build()),
						ChatCompletionContentPart.ofImageUrl(ChatCompletionContentPartImage.builder()
							.imageUrl(ChatCompletionContentPartImage.ImageUrl.builder()
								.url("data:image/png;base64,iVBORw0KGgo=")
								.build())
							.build())))
				.build());

		assertThat(completion.choices().get(0).message().content()).contains("A red square.");
		secondary.verify(postRequestedFor(urlPathEqualTo(MESSAGES)).withRequestBody(equalToJson("""
				{"messages":[{"role":"user","content":[{"type":"text","text":"What is this?"},
				  {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}}]}]}""",
				true, true)));
	}

	@Test
	void parallelToolCallsOfACompleteAnswerKeepTheirIds() {
		secondary.stubFor(post(MESSAGES).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody("""
					{"id":"msg_01","type":"message","role":"assistant","model":"%s",
					 "content":[{"type":"tool_use","id":"toolu_A","name":"get_time","input":{}},
					   {"type":"tool_use","id":"toolu_B","name":"get_weather","input":{"city":"Oslo"}}],
					 "stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":30,"output_tokens":12}}"""
				.formatted(SECONDARY_REPORTED_MODEL))));

		ChatCompletion completion = this.client.chat()
			.completions()
			.create(ChatCompletionCreateParams.builder()
				.model("gpt-4o")
				.addUserMessage("Time and weather?")
				.addFunctionTool(FunctionDefinition.builder().name("get_time").build())
				.addFunctionTool(FunctionDefinition.builder().name("get_weather").build())
				.build());

		ChatCompletion.Choice choice = completion.choices().get(0);
		assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
		assertThat(choice.message().content()).isEmpty();
		assertThat(choice.message().toolCalls().orElseThrow())
			.extracting((call) -> call.asFunction().id(), (call) -> call.asFunction().function().name(),
					(call) -> call.asFunction().function().arguments())
			.containsExactly(tuple("toolu_A", "get_time", "{}"),
					tuple("toolu_B", "get_weather", "{\"city\":\"Oslo\"}"));
	}

	/**
	 * A tool call streamed as Anthropic does: a tool_use block, then its input in pieces.
	 */
	private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder toolUseStream() {
		StringBuilder body = new StringBuilder();
		body.append(event("message_start", """
				{"type":"message_start","message":{"id":"msg_01","type":"message","role":"assistant","content":[],\
				"model":"%s","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":40,"output_tokens":1}}}"""
			.formatted(SECONDARY_REPORTED_MODEL)));
		body.append(event("content_block_start", """
				{"type":"content_block_start","index":0,"content_block":{"type":"tool_use",\
				"id":"toolu_01WeatherZurich","name":"get_weather","input":{}}}"""));
		for (String piece : List.of("{\\\"ci", "ty\\\": \\\"Zü", "rich\\\"}")) {
			body.append(event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,"
					+ "\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"" + piece + "\"}}"));
		}
		body.append(event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"));
		body.append(event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\","
				+ "\"stop_sequence\":null},\"usage\":{\"output_tokens\":20}}"));
		body.append(event("message_stop", "{\"type\":\"message_stop\"}"));
		return aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(body.toString());
	}

	private static String event(String name, String data) {
		return "event: " + name + "\ndata: " + data + "\n\n";
	}

	record Weather(String city, double celsius) {
	}

}
