package io.github.fallbackllm.chat;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ToolConversationTests {

	private static final ToolDefinition WEATHER = ToolDefinition.of("get_weather", "Weather in a city",
			"{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}");

	@Test
	void aToolLoopBuildsFromTheAnswer() {
		ChatResponse answer = new ChatResponse("",
				List.of(new ToolCall("call_1", "get_weather", "{\"city\":\"Oslo\"}")), "openai", "gpt",
				FinishReason.TOOL_CALLS, null, List.of());
		ChatRequest first = ChatRequest.builder().user("Weather in Oslo?").tools(WEATHER).build();

		ChatRequest second = first.mutate().message(answer.message()).toolResult("call_1", "{\"celsius\":4}").build();

		assertThat(second.messages()).extracting(ChatMessage::role)
			.containsExactly(ChatRole.USER, ChatRole.ASSISTANT, ChatRole.TOOL);
		assertThat(second.messages().get(1).toolCalls()).containsExactly(answer.toolCalls().get(0));
		assertThat(second.messages().get(2).toolCallId()).isEqualTo("call_1");
		assertThat(second.tools()).containsExactly(WEATHER);
	}

	@Test
	void aToolCallWithoutItsResultIsRejectedBeforeAnyProviderSeesIt() {
		ChatMessage call = ChatMessage.assistant("",
				List.of(new ToolCall("call_1", "get_weather", "{}"), new ToolCall("call_2", "get_weather", "{}")));
		assertThatExceptionOfType(InvalidChatRequestException.class)
			.isThrownBy(() -> ChatRequest.builder()
				.user("Hi")
				.message(call)
				.toolResult("call_1", "4")
				.user("and?")
				.tools(WEATHER)
				.build())
			.withMessageContaining("[call_2] need their results")
			.withMessageContaining("before messages[3]");
		assertThatExceptionOfType(InvalidChatRequestException.class)
			.isThrownBy(() -> ChatRequest.builder().user("Hi").message(call).tools(WEATHER).build())
			.withMessageContaining("before the end of the conversation");
	}

	@Test
	void aResultThatAnswersNoCallIsRejected() {
		assertThatExceptionOfType(InvalidChatRequestException.class)
			.isThrownBy(() -> ChatRequest.builder().user("Hi").toolResult("call_9", "4").build())
			.withMessageContaining("messages[1] answers tool call 'call_9'");
	}

	@Test
	void toolChoiceMustNameADefinedTool() {
		assertThatExceptionOfType(InvalidChatRequestException.class)
			.isThrownBy(() -> ChatRequest.builder().user("Hi").tools(WEATHER).toolChoice(ToolChoice.named("x")).build())
			.withMessageContaining("names tool 'x'");
		assertThatExceptionOfType(InvalidChatRequestException.class)
			.isThrownBy(() -> ChatRequest.builder().user("Hi").toolChoice(ToolChoice.REQUIRED).build())
			.withMessageContaining("has no tools");
		assertThatExceptionOfType(InvalidChatRequestException.class)
			.isThrownBy(() -> ChatRequest.builder().user("Hi").tools(WEATHER, WEATHER).build())
			.withMessageContaining("defined twice");
	}

	@Test
	void schemasMustBeJsonObjects() {
		assertThatExceptionOfType(InvalidChatRequestException.class)
			.isThrownBy(() -> ToolDefinition.of("t", "d", "{\"type\":"))
			.withMessageContaining("The parameters of tool 't' is not valid JSON");
		assertThatExceptionOfType(InvalidChatRequestException.class)
			.isThrownBy(() -> ResponseFormat.jsonSchema("answer", "[]", true))
			.withMessageContaining("must be a JSON object");
		assertThatExceptionOfType(InvalidChatRequestException.class)
			.isThrownBy(() -> ToolDefinition.of("has space", "d", "{}"))
			.withMessageContaining("is not valid");
		assertThat(new ToolDefinition("no_args", null, null).parameters()).isEqualTo(ToolDefinition.NO_PARAMETERS);
	}

	@Test
	void requiredCapabilitiesFollowWhatTheRequestUses() {
		assertThat(ChatRequest.of("Hi").requiredCapabilities()).isEmpty();
		assertThat(ChatRequest.builder().user("Hi").tools(WEATHER).build().requiredCapabilities())
			.containsExactly(Capability.TOOLS);
		assertThat(ChatRequest.builder()
			.user("What is this?", ContentPart.imageUrl("https://example.com/cat.png"))
			.build()
			.requiredCapabilities()).containsExactly(Capability.IMAGES);
		assertThat(ChatRequest.builder()
			.user("Hi")
			.responseFormat(ResponseFormat.jsonSchema("a", "{\"type\":\"object\"}", true))
			.build()
			.requiredCapabilities()).containsExactly(Capability.JSON_SCHEMA);
		assertThat(ChatRequest.builder()
			.user("Hi")
			.responseFormat(ResponseFormat.JSON_OBJECT)
			.build()
			.requiredCapabilities()).isEmpty();
		ChatMessage call = ChatMessage.assistant("", List.of(new ToolCall("c", "get_weather", "")));
		assertThat(ChatRequest.builder().user("Hi").message(call).toolResult("c", "4").build().requiredCapabilities())
			.containsExactly(Capability.TOOLS);
	}

	@Test
	void messagesKeepTheirRolesApart() {
		assertThatExceptionOfType(InvalidChatRequestException.class)
			.isThrownBy(() -> new ChatMessage(ChatRole.ASSISTANT, List.of(ContentPart.imageUrl("https://x/y.png")),
					List.of(), null, false))
			.withMessage("Only user messages carry images");
		assertThatExceptionOfType(InvalidChatRequestException.class)
			.isThrownBy(() -> new ChatMessage(ChatRole.TOOL, "4"))
			.withMessage("A tool message needs a tool call id");
		assertThat(new ToolCall("c", "t", " ").arguments()).isEqualTo("{}");
		assertThat(ChatMessage.user("Look: ", ContentPart.image("image/png", new byte[] { 1, 2 })).content())
			.isEqualTo("Look: ");
	}

	@Test
	void streamedToolCallsAssembleByIndex() {
		ToolCallAccumulator accumulator = new ToolCallAccumulator();
		accumulator.add(new ToolCallDelta(1, "call_b", "lookup", ""));
		accumulator.add(new ToolCallDelta(0, "call_a", "get_weather", "{\"ci"));
		accumulator.add(new ToolCallDelta(0, null, null, "ty\":\"Zürich\"}"));
		accumulator.add(new ToolCallDelta(1, null, null, null));

		assertThat(accumulator.toolCalls()).containsExactly(
				new ToolCall("call_a", "get_weather", "{\"city\":\"Zürich\"}"), new ToolCall("call_b", "lookup", "{}"));
	}

	@Test
	void structuredOutputBindsWithTheApplicationsMapper() {
		ChatResponse response = new ChatResponse("{\"city\":\"Oslo\",\"celsius\":4}", "p", "m", FinishReason.STOP, null,
				List.of());

		Weather weather = response.contentAs(Weather.class, JsonMapper.builder().build());

		assertThat(weather).isEqualTo(new Weather("Oslo", 4));
	}

	record Weather(String city, int celsius) {
	}

}
