package io.github.fallbackllm.gateway.responses;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.github.fallbackllm.chat.ChatMessage;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ChatRole;
import io.github.fallbackllm.chat.ContentPart;
import io.github.fallbackllm.chat.InvalidChatRequestException;
import io.github.fallbackllm.chat.ResponseFormat;
import io.github.fallbackllm.chat.ToolCall;
import io.github.fallbackllm.chat.ToolChoice;
import io.github.fallbackllm.gateway.ImageUrls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Reading Responses requests into chat requests.
 *
 * @author Fallback LLM contributors
 */
class ResponsesRequestTests {

	@Test
	void aStringInputIsOneUserMessageAfterTheInstructions() {
		ResponsesRequest request = parse("""
				{"model":"smart","instructions":"Be brief.","input":"Hello","max_output_tokens":200,
				 "temperature":0.3,"top_p":0.9,"user":"u-1","prompt_cache_key":"session-7","stream":true}""");

		ChatRequest chat = request.chatRequest(List.of());

		assertThat(chat.messages()).containsExactly(ChatMessage.system("Be brief."), ChatMessage.user("Hello"));
		assertThat(chat.maxTokens()).isEqualTo(200);
		assertThat(chat.temperature()).isEqualTo(0.3);
		assertThat(chat.topP()).isEqualTo(0.9);
		assertThat(chat.user()).isEqualTo("u-1");
		assertThat(request.model()).isEqualTo("smart");
		assertThat(request.promptCacheKey()).isEqualTo("session-7");
		assertThat(request.stream()).isTrue();
		assertThat(request.store()).isTrue();
	}

	@Test
	void itemsBecomeMessagesAndFunctionCallsJoinTheAssistantTurnBeforeThem() {
		ResponsesRequest request = parse(
				"""
						{"model":"smart","input":[
						  {"role":"developer","content":"Use tools."},
						  {"type":"message","role":"user","content":[{"type":"input_text","text":"Weather in "},
						    {"type":"input_text","text":"Oslo and time?"}]},
						  {"type":"reasoning","id":"rs_1","summary":[]},
						  {"type":"message","role":"assistant","content":[{"type":"output_text","text":"Checking.","annotations":[]}]},
						  {"type":"function_call","id":"fc_1","call_id":"call_A","name":"get_weather","arguments":"{\\"city\\":\\"Oslo\\"}"},
						  {"type":"function_call","call_id":"call_B","name":"get_time","arguments":"{}"},
						  {"type":"function_call_output","call_id":"call_A","output":"4 degrees"},
						  {"type":"function_call_output","call_id":"call_B","output":[{"type":"input_text","text":"12:00"}]},
						  {"role":"user","content":[{"type":"input_text","text":"What is this?"},
						    {"type":"input_image","image_url":"data:image/png;base64,iVBORw0KGgo=","detail":"auto"}]}]}""");

		assertThat(
				request.chatRequest(List.of()).messages())
			.containsExactly(ChatMessage.system("Use tools."), ChatMessage.user("Weather in Oslo and time?"),
					ChatMessage.assistant("Checking.",
							List.of(new ToolCall("call_A", "get_weather", "{\"city\":\"Oslo\"}"),
									new ToolCall("call_B", "get_time", "{}"))),
					ChatMessage.toolResult("call_A", "4 degrees"), ChatMessage.toolResult("call_B", "12:00"),
					new ChatMessage(ChatRole.USER, List.of(ContentPart.text("What is this?"),
							new ContentPart.Image(null, "image/png", "iVBORw0KGgo=")), List.of(), null, false));
	}

	@Test
	void aFunctionCallWithoutAnAssistantMessageBeforeItIsAnAssistantTurnOfItsOwn() {
		ResponsesRequest request = parse("""
				{"input":[{"role":"user","content":"Time?"},
				  {"type":"function_call","call_id":"call_B","name":"get_time","arguments":"{}"},
				  {"type":"function_call_output","call_id":"call_B","output":"12:00"}],
				 "tools":[{"type":"function","name":"get_time"}]}""");

		assertThat(request.chatRequest(List.of()).messages().get(1))
			.isEqualTo(ChatMessage.assistant("", List.of(new ToolCall("call_B", "get_time", "{}"))));
	}

	@Test
	void functionToolsAreFlatAndTheToolChoiceNamesOne() {
		ChatRequest chat = parse(
				"""
						{"input":"Weather?","tools":[{"type":"function","name":"get_weather","description":"Weather in a city",
						  "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]},"strict":true}],
						 "tool_choice":{"type":"function","name":"get_weather"},"parallel_tool_calls":false}""")
			.chatRequest(List.of());

		assertThat(chat.tools()).singleElement().satisfies((tool) -> {
			assertThat(tool.name()).isEqualTo("get_weather");
			assertThat(tool.description()).isEqualTo("Weather in a city");
			assertThat(tool.parameters()).contains("\"required\":[\"city\"]");
		});
		assertThat(chat.toolChoice()).isEqualTo(ToolChoice.named("get_weather"));
		assertThat(chat.parallelToolCalls()).isFalse();
	}

	@Test
	void toolChoiceModes() {
		assertThat(toolChoice("\"auto\"")).isEqualTo(ToolChoice.AUTO);
		assertThat(toolChoice("\"none\"")).isEqualTo(ToolChoice.NONE);
		assertThat(toolChoice("\"required\"")).isEqualTo(ToolChoice.REQUIRED);
	}

	@Test
	void aJsonSchemaFormatIsFlat() {
		ChatRequest chat = parse("""
				{"input":"Weather as JSON","text":{"format":{"type":"json_schema","name":"weather","strict":true,
				  "schema":{"type":"object","properties":{"celsius":{"type":"number"}}}},"verbosity":"low"}}""")
			.chatRequest(List.of());

		assertThat(chat.responseFormat()).isEqualTo(ResponseFormat.jsonSchema("weather",
				"{\"type\":\"object\",\"properties\":{\"celsius\":" + "{\"type\":\"number\"}}}", true));
	}

	@Test
	void aJsonObjectFormat() {
		assertThat(parse("{\"input\":\"JSON please\",\"text\":{\"format\":{\"type\":\"json_object\"}}}")
			.chatRequest(List.of())
			.responseFormat()).isEqualTo(ResponseFormat.JSON_OBJECT);
	}

	@Test
	void theStoredHistoryComesAfterTheInstructionsAndBeforeTheInput() {
		ResponsesRequest request = parse("""
				{"instructions":"Be brief.","previous_response_id":"resp_1",
				 "input":[{"type":"function_call_output","call_id":"call_A","output":"4 degrees"}]}""");
		List<ChatMessage> history = List.of(ChatMessage.user("Weather?"),
				ChatMessage.assistant("", List.of(new ToolCall("call_A", "get_weather", "{}"))));

		assertThat(request.previousResponseId()).isEqualTo("resp_1");
		assertThat(request.chatRequest(history).messages()).containsExactly(ChatMessage.system("Be brief."),
				history.get(0), history.get(1), ChatMessage.toolResult("call_A", "4 degrees"));
		assertThat(request.conversation(history)).containsExactly(history.get(0), history.get(1),
				ChatMessage.toolResult("call_A", "4 degrees"));
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "web_search", "web_search_preview", "file_search", "computer_use_preview", "code_interpreter" })
	void builtInToolsAreRefusedWithTheFieldAtFault(String type) {
		assertThatExceptionOfType(ResponsesRequestException.class)
			.isThrownBy(() -> parse("{\"input\":\"Hi\",\"tools\":[{\"type\":\"function\",\"name\":\"f\"},"
					+ "{\"type\":\"" + type + "\"}]}"))
			.satisfies((ex) -> {
				assertThat(ex.getParam()).isEqualTo("tools[1].type");
				assertThat(ex.getCode()).isEqualTo(ResponsesRequestException.UNSUPPORTED);
				assertThat(ex.getMessage()).contains("'" + type + "' tool")
					.contains("not supported by this gateway")
					.contains("define a function tool instead");
			});
	}

	@Test
	void aBuiltInToolChoiceIsRefused() {
		assertThatExceptionOfType(ResponsesRequestException.class)
			.isThrownBy(() -> parse("{\"input\":\"Hi\",\"tool_choice\":{\"type\":\"web_search_preview\"}}"))
			.satisfies((ex) -> assertThat(ex.getParam()).isEqualTo("tool_choice"));
	}

	@Test
	void itemsThatNeedOpenAisServerAreRefused() {
		assertThatExceptionOfType(ResponsesRequestException.class)
			.isThrownBy(() -> parse("{\"input\":[{\"type\":\"item_reference\",\"id\":\"msg_1\"}]}"))
			.withMessageContaining("send the item itself");
		assertThatExceptionOfType(ResponsesRequestException.class)
			.isThrownBy(() -> parse("{\"input\":[{\"type\":\"web_search_call\",\"id\":\"ws_1\"}]}"))
			.satisfies((ex) -> assertThat(ex.getParam()).isEqualTo("input[0].type"));
		assertThatExceptionOfType(ResponsesRequestException.class)
			.isThrownBy(() -> parse("{\"input\":\"Hi\",\"conversation\":\"conv_1\"}"))
			.satisfies((ex) -> assertThat(ex.getParam()).isEqualTo("conversation"));
		assertThatExceptionOfType(ResponsesRequestException.class)
			.isThrownBy(() -> parse("{\"input\":\"Hi\",\"background\":true}"))
			.satisfies((ex) -> assertThat(ex.getParam()).isEqualTo("background"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "file:///etc/passwd", "http://169.254.169.254/latest", "ftp://host/x.png",
			"data:text/plain;base64,aGk=" })
	void imagesOnlyComeFromHttpsOrDataUrls(String url) {
		assertThatExceptionOfType(InvalidChatRequestException.class)
			.isThrownBy(() -> parse("{\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_image\","
					+ "\"image_url\":\"" + url + "\"}]}]}"))
			.withMessageContaining("input[0].content[0].image_url must be an https URL or a base64 data URL");
	}

	@Test
	void malformedRequestsSayWhatToSend() {
		assertThatExceptionOfType(ResponsesRequestException.class).isThrownBy(() -> parse(""))
			.withMessageContaining("send a Responses request such as");
		assertThatExceptionOfType(ResponsesRequestException.class).isThrownBy(() -> parse("{\"model\":\"m\"}"))
			.withMessageContaining("input is missing");
		assertThatExceptionOfType(ResponsesRequestException.class)
			.isThrownBy(() -> parse("{\"input\":\"Hi\",\"max_output_tokens\":0}"))
			.satisfies((ex) -> assertThat(ex.getParam()).isEqualTo("max_output_tokens"));
		assertThatExceptionOfType(ResponsesRequestException.class)
			.isThrownBy(() -> parse("{\"input\":[{\"role\":\"tool\",\"content\":\"x\"}]}"))
			.withMessageContaining("input[0].role must be user, assistant, system or developer");
	}

	private static ToolChoice toolChoice(String json) {
		return parse(
				"{\"input\":\"Hi\",\"tools\":[{\"type\":\"function\",\"name\":\"f\"}],\"tool_choice\":" + json + "}")
			.chatRequest(List.of())
			.toolChoice();
	}

	private static ResponsesRequest parse(String json) {
		return ResponsesRequest.parse(json.getBytes(StandardCharsets.UTF_8), new ImageUrls(false));
	}

}
