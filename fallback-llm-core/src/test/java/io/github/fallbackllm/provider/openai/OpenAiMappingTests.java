package io.github.fallbackllm.provider.openai;

import java.util.List;

import io.github.fallbackllm.chat.ChatMessage;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.chat.ContentPart;
import io.github.fallbackllm.chat.FinishReason;
import io.github.fallbackllm.chat.ResponseFormat;
import io.github.fallbackllm.chat.ToolCall;
import io.github.fallbackllm.chat.ToolChoice;
import io.github.fallbackllm.chat.ToolDefinition;
import io.github.fallbackllm.provider.SecretRedactor;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class OpenAiMappingTests {

	private static final JsonMapper JSON = JsonMapper.shared();

	static final String NESTED_SCHEMA = """
			{"type":"object","properties":{"city":{"type":"string"},
			 "when":{"type":"object","properties":{"days":{"type":"array","items":{"type":"integer"}}}}},
			 "required":["city"]}""";

	@Test
	void writesToolsChoiceAndSamplingSettings() {
		ChatRequest request = ChatRequest.builder()
			.user("Wetter in Zürich? 🌦")
			.tools(ToolDefinition.of("get_weather", "Weather for a city", NESTED_SCHEMA))
			.toolChoice(ToolChoice.named("get_weather"))
			.parallelToolCalls(false)
			.topP(0.9)
			.seed(42L)
			.endUser("user-7")
			.build();

		assertThat(body(request, false)).isEqualTo(json("""
				{"model":"gpt-4o","messages":[{"role":"user","content":"Wetter in Zürich? 🌦"}],
				 "top_p":0.9,"seed":42,"user":"user-7",
				 "tools":[{"type":"function","function":{"name":"get_weather","description":"Weather for a city",
				   "parameters":%s}}],
				 "tool_choice":{"type":"function","function":{"name":"get_weather"}},
				 "parallel_tool_calls":false}""".formatted(NESTED_SCHEMA)));
	}

	@Test
	void writesAToolLoopWithIdsAndArgumentsAsTheyAre() {
		ChatRequest request = ChatRequest.builder()
			.user("Weather?")
			.message(ChatMessage.assistant("",
					List.of(new ToolCall("toolu_01A", "get_weather", "{\"city\":\"Oslo\"}"),
							new ToolCall("toolu_01B", "get_time", ""))))
			.toolResult("toolu_01A", "{\"celsius\":4,\"sky\":\"☁\"}")
			.message(ChatMessage.toolError("toolu_01B", "clock unavailable"))
			.build();

		assertThat(body(request, false).path("messages")).isEqualTo(
				json("""
						[{"role":"user","content":"Weather?"},
						 {"role":"assistant","content":null,"tool_calls":[
						   {"id":"toolu_01A","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Oslo\\"}"}},
						   {"id":"toolu_01B","type":"function","function":{"name":"get_time","arguments":"{}"}}]},
						 {"role":"tool","tool_call_id":"toolu_01A","content":"{\\"celsius\\":4,\\"sky\\":\\"☁\\"}"},
						 {"role":"tool","tool_call_id":"toolu_01B","content":"clock unavailable"}]"""));
	}

	@Test
	void writesImagesAsImageUrlPartsAndInlineImagesAsDataUrls() {
		ChatRequest request = ChatRequest.builder()
			.user("Compare", ContentPart.imageUrl("https://example.com/a.png"),
					ContentPart.image("image/jpeg", new byte[] { 1, 2, 3 }))
			.build();

		assertThat(body(request, false).path("messages").path(0)).isEqualTo(json("""
				{"role":"user","content":[{"type":"text","text":"Compare"},
				 {"type":"image_url","image_url":{"url":"https://example.com/a.png"}},
				 {"type":"image_url","image_url":{"url":"data:image/jpeg;base64,AQID"}}]}"""));
	}

	@Test
	void writesResponseFormats() {
		ChatRequest schema = ChatRequest.builder()
			.user("Hi")
			.responseFormat(ResponseFormat.jsonSchema("weather", NESTED_SCHEMA, true))
			.build();
		ChatRequest object = ChatRequest.builder().user("Hi").responseFormat(ResponseFormat.JSON_OBJECT).build();
		ChatRequest text = ChatRequest.builder().user("Hi").responseFormat(ResponseFormat.TEXT).build();

		assertThat(body(schema, false).path("response_format")).isEqualTo(json("""
				{"type":"json_schema","json_schema":{"name":"weather","schema":%s,"strict":true}}"""
			.formatted(NESTED_SCHEMA)));
		assertThat(body(object, false).path("response_format")).isEqualTo(json("{\"type\":\"json_object\"}"));
		assertThat(body(text, false).has("response_format")).isFalse();
	}

	@Test
	void readsToolCalls() {
		ChatResponse response = OpenAiResponseMapper.response("openai", "gpt-4o",
				json("""
						{"model":"gpt-4o-2024-08-06","choices":[{"index":0,"message":{"role":"assistant","content":null,
						  "tool_calls":[{"id":"call_abc","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Zürich\\"}"}},
						                {"id":"call_def","type":"function","function":{"name":"get_time","arguments":""}}]},
						  "finish_reason":"tool_calls"}],"usage":{"prompt_tokens":5,"completion_tokens":7,"total_tokens":12}}"""),
				SecretRedactor.patternsOnly());

		assertThat(response.content()).isEmpty();
		assertThat(response.toolCalls()).containsExactly(
				new ToolCall("call_abc", "get_weather", "{\"city\":\"Zürich\"}"),
				new ToolCall("call_def", "get_time", "{}"));
		assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
	}

	@Test
	void aForcedToolCallThatEndsWithStopStillAsksForTheTool() {
		ChatResponse response = OpenAiResponseMapper.response("openai", "gpt-4o", json("""
				{"choices":[{"index":0,"message":{"role":"assistant","content":null,
				  "tool_calls":[{"id":"call_1","type":"function","function":{"name":"t","arguments":"{}"}}]},
				  "finish_reason":"stop"}]}"""), SecretRedactor.patternsOnly());

		assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
	}

	private static JsonNode body(ChatRequest request, boolean stream) {
		return json(JSON.writeValueAsString(OpenAiRequestMapper.body("gpt-4o", request, stream)));
	}

	private static JsonNode json(String json) {
		return JSON.readTree(json);
	}

}
