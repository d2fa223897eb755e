package io.github.fallbackllm.provider.anthropic;

import java.util.List;

import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.ChatMessage;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.chat.ContentPart;
import io.github.fallbackllm.chat.FinishReason;
import io.github.fallbackllm.chat.ResponseFormat;
import io.github.fallbackllm.chat.ToolCall;
import io.github.fallbackllm.chat.ToolChoice;
import io.github.fallbackllm.chat.ToolDefinition;
import io.github.fallbackllm.provider.ProviderException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class AnthropicMappingTests {

	private static final JsonMapper JSON = JsonMapper.shared();

	private static final String NESTED_SCHEMA = """
			{"type":"object","properties":{"city":{"type":"string"},
			 "when":{"type":"object","properties":{"days":{"type":"array","items":{"type":"integer"}}}}},
			 "required":["city"]}""";

	private static final ToolDefinition WEATHER = ToolDefinition.of("get_weather", "Weather for a city", NESTED_SCHEMA);

	@Test
	void groupsConsecutiveToolResultsInOneUserMessageBeforeTheText() {
		ChatRequest request = ChatRequest.builder()
			.system("Be brief.")
			.user("Weather and time?")
			.message(ChatMessage.assistant("Let me check.",
					List.of(new ToolCall("call_Xy1", "get_weather", "{\"city\":\"Zürich\"}"),
							new ToolCall("call_Xy2", "get_time", ""))))
			.toolResult("call_Xy1", "{\"celsius\":4}")
			.message(ChatMessage.toolError("call_Xy2", "clock unavailable"))
			.user("Thanks!")
			.tools(WEATHER, ToolDefinition.of("get_time", "Time", null))
			.build();

		JsonNode body = body(request, false);

		assertThat(body.path("system").asString()).isEqualTo("Be brief.");
		assertThat(body.path("messages")).isEqualTo(json("""
				[{"role":"user","content":"Weather and time?"},
				 {"role":"assistant","content":[{"type":"text","text":"Let me check."},
				   {"type":"tool_use","id":"call_Xy1","name":"get_weather","input":{"city":"Zürich"}},
				   {"type":"tool_use","id":"call_Xy2","name":"get_time","input":{}}]},
				 {"role":"user","content":[
				   {"type":"tool_result","tool_use_id":"call_Xy1","content":"{\\"celsius\\":4}"},
				   {"type":"tool_result","tool_use_id":"call_Xy2","content":"clock unavailable","is_error":true},
				   {"type":"text","text":"Thanks!"}]}]"""));
		assertThat(body.path("tools")).isEqualTo(json("""
				[{"name":"get_weather","description":"Weather for a city","input_schema":%s},
				 {"name":"get_time","description":"Time","input_schema":{"type":"object","properties":{}}}]"""
			.formatted(NESTED_SCHEMA)));
	}

	@Test
	void mapsToolChoices() {
		assertThat(toolChoice(ToolChoice.AUTO, null)).isEqualTo(json("{\"type\":\"auto\"}"));
		assertThat(toolChoice(ToolChoice.NONE, null)).isEqualTo(json("{\"type\":\"none\"}"));
		assertThat(toolChoice(ToolChoice.REQUIRED, false))
			.isEqualTo(json("{\"type\":\"any\",\"disable_parallel_tool_use\":true}"));
		assertThat(toolChoice(ToolChoice.named("get_weather"), null))
			.isEqualTo(json("{\"type\":\"tool\",\"name\":\"get_weather\"}"));
		assertThat(toolChoice(null, false)).isEqualTo(json("{\"type\":\"auto\",\"disable_parallel_tool_use\":true}"));
		assertThat(toolChoice(null, null).isMissingNode()).isTrue();
	}

	@Test
	void writesImagesAsBase64OrUrlSources() {
		ChatRequest request = ChatRequest.builder()
			.user("Compare", ContentPart.imageUrl("https://example.com/a.png"),
					ContentPart.image("image/png", new byte[] { 1, 2, 3 }))
			.build();

		assertThat(body(request, false).path("messages").path(0)).isEqualTo(json("""
				{"role":"user","content":[{"type":"text","text":"Compare"},
				 {"type":"image","source":{"type":"url","url":"https://example.com/a.png"}},
				 {"type":"image","source":{"type":"base64","media_type":"image/png","data":"AQID"}}]}"""));
	}

	@Test
	void aJsonSchemaBecomesAForcedAnswerTool() {
		ChatRequest request = ChatRequest.builder()
			.user("Weather?")
			.responseFormat(ResponseFormat.jsonSchema("weather", NESTED_SCHEMA, true))
			.endUser("user-7")
			.seed(42L)
			.build();

		JsonNode body = body(request, false);

		assertThat(body.path("tools").path(0).path("name").asString()).isEqualTo(AnthropicRequestMapper.ANSWER_TOOL);
		assertThat(body.path("tools").path(0).path("input_schema")).isEqualTo(json(NESTED_SCHEMA));
		assertThat(body.path("tool_choice")).isEqualTo(json("{\"type\":\"tool\",\"name\":\"json_answer\"}"));
		assertThat(body.path("metadata")).isEqualTo(json("{\"user_id\":\"user-7\"}"));
		assertThat(body.has("seed")).isFalse();
	}

	@Test
	void withToolsAJsonAnswerMustCallOneOfThem() {
		ChatRequest request = ChatRequest.builder()
			.user("Weather?")
			.tools(WEATHER)
			.responseFormat(ResponseFormat.JSON_OBJECT)
			.build();

		JsonNode body = body(request, false);

		assertThat(body.path("tools").path(1)).isEqualTo(json("""
				{"name":"json_answer","description":"Give your final answer as this tool's input, a JSON object.",
				 "input_schema":{"type":"object"}}"""));
		assertThat(body.path("tool_choice")).isEqualTo(json("{\"type\":\"any\"}"));
	}

	@Test
	void argumentsThatAreNotAnObjectCannotBeSent() {
		ChatRequest request = ChatRequest.builder()
			.user("Hi")
			.message(ChatMessage.assistant("", List.of(new ToolCall("c", "t", "{\"city\":"))))
			.toolResult("c", "x")
			.build();

		assertThatExceptionOfType(ProviderException.class).isThrownBy(() -> body(request, false))
			.satisfies((ex) -> assertThat(ex.getOutcome()).isEqualTo(AttemptOutcome.BAD_REQUEST))
			.withMessageContaining("tool call 'c'");
	}

	@Test
	void readsToolUseBlocksAsToolCalls() {
		ChatResponse response = AnthropicResponseMapper.response("anthropic", "claude", ChatRequest.of("Hi"),
				json("""
						{"model":"claude-sonnet-4-5","stop_reason":"tool_use","usage":{"input_tokens":3,"output_tokens":4},
						 "content":[{"type":"text","text":"Checking."},
						  {"type":"tool_use","id":"toolu_01","name":"get_weather","input":{"city":"Zürich","when":{"days":[1,2]}}},
						  {"type":"tool_use","id":"toolu_02","name":"get_time","input":{}}]}"""));

		assertThat(response.content()).isEqualTo("Checking.");
		assertThat(response.toolCalls()).containsExactly(
				new ToolCall("toolu_01", "get_weather", "{\"city\":\"Zürich\",\"when\":{\"days\":[1,2]}}"),
				new ToolCall("toolu_02", "get_time", "{}"));
		assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
	}

	@Test
	void readsTheAnswerToolAsTheContent() {
		ChatRequest request = ChatRequest.builder().user("Hi").responseFormat(ResponseFormat.JSON_OBJECT).build();

		ChatResponse response = AnthropicResponseMapper.response("anthropic", "claude", request, json("""
				{"model":"claude","stop_reason":"tool_use",
				 "content":[{"type":"tool_use","id":"toolu_9","name":"json_answer","input":{"city":"Zürich"}}]}"""));

		assertThat(response.content()).isEqualTo("{\"city\":\"Zürich\"}");
		assertThat(response.toolCalls()).isEmpty();
		assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
	}

	private static JsonNode toolChoice(ToolChoice choice, Boolean parallel) {
		ChatRequest request = ChatRequest.builder()
			.user("Hi")
			.tools(WEATHER)
			.toolChoice(choice)
			.parallelToolCalls(parallel)
			.build();
		return body(request, false).path("tool_choice");
	}

	private static JsonNode body(ChatRequest request, boolean stream) {
		return json(JSON.writeValueAsString(AnthropicRequestMapper.body("claude-sonnet-4-5", request, stream)));
	}

	private static JsonNode json(String json) {
		return JSON.readTree(json);
	}

}
