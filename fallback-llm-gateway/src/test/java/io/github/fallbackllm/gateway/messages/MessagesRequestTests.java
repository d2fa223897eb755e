package io.github.fallbackllm.gateway.messages;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.github.fallbackllm.chat.ChatMessage;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ChatRole;
import io.github.fallbackllm.chat.ContentPart;
import io.github.fallbackllm.chat.InvalidChatRequestException;
import io.github.fallbackllm.chat.ToolCall;
import io.github.fallbackllm.chat.ToolChoice;
import io.github.fallbackllm.chat.ToolDefinition;
import io.github.fallbackllm.gateway.ImageUrls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link MessagesRequest}: a Messages request read into the chain's request.
 *
 * @author Fallback LLM contributors
 */
class MessagesRequestTests {

	@Test
	void readsTheSamplingFieldsTheModelAndTheEndUser() {
		MessagesRequest request = parse("""
				{"model": "claude-sonnet-4-5", "max_tokens": 256, "temperature": 0.7, "top_p": 0.9,
				 "stop_sequences": ["END", "STOP"], "stream": true, "metadata": {"user_id": "user-42"},
				 "messages": [{"role": "user", "content": "Hello"}]}""");

		ChatRequest chatRequest = request.chatRequest();
		assertThat(request.model()).isEqualTo("claude-sonnet-4-5");
		assertThat(request.stream()).isTrue();
		assertThat(chatRequest.maxTokens()).isEqualTo(256);
		assertThat(chatRequest.temperature()).isEqualTo(0.7);
		assertThat(chatRequest.topP()).isEqualTo(0.9);
		assertThat(chatRequest.stop()).containsExactly("END", "STOP");
		assertThat(chatRequest.user()).isEqualTo("user-42");
		assertThat(chatRequest.messages()).containsExactly(ChatMessage.user("Hello"));
	}

	@Test
	void aSystemStringIsOneSystemMessage() {
		assertThat(parse("""
				{"model": "m", "max_tokens": 10, "system": "Be brief.",
				 "messages": [{"role": "user", "content": "Hi"}]}""").chatRequest().messages())
			.containsExactly(ChatMessage.system("Be brief."), ChatMessage.user("Hi"));
	}

	@Test
	void systemBlocksAreSystemMessagesInOrderAndTheirCacheMarksAreLeftOut() {
		assertThat(
				parse("""
						{"model": "m", "max_tokens": 10,
						 "system": [{"type": "text", "text": "You are a coding agent."},
						            {"type": "text", "text": "Be brief.", "cache_control": {"type": "ephemeral"}}],
						 "messages": [{"role": "user", "content": [{"type": "text", "text": "Hi", "cache_control": {"type": "ephemeral"}}]}]}""")
					.chatRequest()
					.messages())
			.containsExactly(ChatMessage.system("You are a coding agent."), ChatMessage.system("Be brief."),
					new ChatMessage(ChatRole.USER, List.of(ContentPart.text("Hi")), List.of(), null, false));
	}

	@Test
	void readsATextAndImageUserMessage() {
		ChatMessage message = parse("""
				{"model": "m", "max_tokens": 10, "messages": [{"role": "user", "content": [
				  {"type": "text", "text": "What is this?"},
				  {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="}},
				  {"type": "image", "source": {"type": "url", "url": "https://example.com/cat.jpg"}}]}]}""")
			.chatRequest()
			.messages()
			.get(0);

		assertThat(message.parts()).containsExactly(ContentPart.text("What is this?"),
				new ContentPart.Image(null, "image/png", "iVBORw0KGgo="),
				ContentPart.imageUrl("https://example.com/cat.jpg"));
	}

	@Test
	void aToolLoopKeepsItsIdsAndReadsInputsResultsAndErrors() {
		ChatRequest chatRequest = parse(
				"""
						{"model": "m", "max_tokens": 100, "messages": [
						  {"role": "user", "content": "Weather in Paris and Rome?"},
						  {"role": "assistant", "content": [
						    {"type": "thinking", "thinking": "Two cities.", "signature": "sig"},
						    {"type": "text", "text": "Checking."},
						    {"type": "tool_use", "id": "toolu_01A", "name": "weather", "input": {"city": "Paris"}},
						    {"type": "tool_use", "id": "call_b", "name": "weather", "input": {"city": "Rome"}}]},
						  {"role": "user", "content": [
						    {"type": "tool_result", "tool_use_id": "toolu_01A", "content": "18C"},
						    {"type": "tool_result", "tool_use_id": "call_b", "is_error": true,
						     "content": [{"type": "text", "text": "Service "}, {"type": "text", "text": "down"}]},
						    {"type": "text", "text": "Summarise."}]}],
						 "tools": [{"name": "weather", "description": "Current weather", "cache_control": {"type": "ephemeral"},
						            "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}],
						 "tool_choice": {"type": "auto", "disable_parallel_tool_use": true}}""")
			.chatRequest();

		assertThat(chatRequest.messages()).containsExactly(ChatMessage.user("Weather in Paris and Rome?"),
				ChatMessage.assistant("Checking.",
						List.of(new ToolCall("toolu_01A", "weather", "{\"city\":\"Paris\"}"),
								new ToolCall("call_b", "weather", "{\"city\":\"Rome\"}"))),
				ChatMessage.toolResult("toolu_01A", "18C"),
				new ChatMessage(ChatRole.TOOL, List.of(ContentPart.text("Service "), ContentPart.text("down")),
						List.of(), "call_b", true),
				new ChatMessage(ChatRole.USER, List.of(ContentPart.text("Summarise.")), List.of(), null, false));
		assertThat(chatRequest.tools()).containsExactly(new ToolDefinition("weather", "Current weather",
				"{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}"));
		assertThat(chatRequest.toolChoice()).isEqualTo(ToolChoice.AUTO);
		assertThat(chatRequest.parallelToolCalls()).isFalse();
	}

	@Test
	void toolResultsComeBeforeTheTextOfTheirUserTurn() {
		List<ChatMessage> messages = parse("""
				{"model": "m", "max_tokens": 100, "messages": [
				  {"role": "user", "content": "Time?"},
				  {"role": "assistant", "content": [{"type": "tool_use", "id": "t1", "name": "clock", "input": {}}]},
				  {"role": "user", "content": [{"type": "text", "text": "Here:"},
				                               {"type": "tool_result", "tool_use_id": "t1"}]}],
				 "tools": [{"name": "clock", "input_schema": {"type": "object"}}]}""").chatRequest().messages();

		assertThat(messages).extracting(ChatMessage::role)
			.containsExactly(ChatRole.USER, ChatRole.ASSISTANT, ChatRole.TOOL, ChatRole.USER);
		assertThat(messages.get(2).content()).isEmpty();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			{"type": "auto"}                  | AUTO     |
			{"type": "any"}                   | REQUIRED |
			{"type": "none"}                  | NONE     |
			{"type": "tool", "name": "clock"} | NAMED    | clock
			""")
	void readsEveryToolChoice(String json, ToolChoice.Mode mode, String name) {
		ChatRequest chatRequest = parse("{\"model\": \"m\", \"max_tokens\": 10, \"tool_choice\": " + json
				+ ", \"tools\": [{\"name\": \"clock\", \"input_schema\": {\"type\": \"object\"}}],"
				+ " \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}")
			.chatRequest();

		assertThat(chatRequest.toolChoice()).isEqualTo(new ToolChoice(mode, name));
		assertThat(chatRequest.parallelToolCalls()).isNull();
	}

	@Test
	void thinkingIsAcceptedAndNotForwarded() {
		ChatRequest chatRequest = parse("""
				{"model": "m", "max_tokens": 2048, "thinking": {"type": "enabled", "budget_tokens": 1024},
				 "messages": [{"role": "user", "content": "Hi"}]}""").chatRequest();

		assertThat(chatRequest.extraBody()).isEmpty();
		assertThat(chatRequest.messages()).containsExactly(ChatMessage.user("Hi"));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					''                                                                      | The request body is empty
					[1]                                                                     | must be a JSON object
					{"model": "m", "max_tokens": 10, "messages": [{"role": "user", "content": "Hi"}   | not valid JSON
					{"model": "m", "messages": [{"role": "user", "content": "Hi"}]}         | max_tokens is missing
					{"model": "m", "max_tokens": 0, "messages": [{"role": "user", "content": "Hi"}]} | max_tokens must be a positive integer (got 0)
					{"max_tokens": 10, "messages": [{"role": "user", "content": "Hi"}]}     | model must be a string
					{"model": "m", "max_tokens": 10}                                        | messages is missing
					{"model": "m", "max_tokens": 10, "messages": []}                        | messages must be a non-empty array
					{"model": "m", "max_tokens": 10, "messages": [{"role": "system", "content": "Hi"}]} | top-level "system" field
					{"model": "m", "max_tokens": 10, "temperature": 1.5, "messages": [{"role": "user", "content": "Hi"}]} | temperature must be a number between 0 and 1 (got 1.5)
					{"model": "m", "max_tokens": 10, "top_k": 5, "messages": [{"role": "user", "content": "Hi"}]} | top_k is not supported
					{"model": "m", "max_tokens": 10, "stop_sequences": "END", "messages": [{"role": "user", "content": "Hi"}]} | stop_sequences must be an array of strings
					{"model": "m", "max_tokens": 10, "metadata": {"user_id": 7}, "messages": [{"role": "user", "content": "Hi"}]} | metadata.user_id must be a string (got 7)
					{"model": "m", "max_tokens": 10, "messages": [{"role": "user", "content": [{"type": "document", "source": {}}]}]} | messages[0].content[0] is a content block this gateway does not support
					{"model": "m", "max_tokens": 10, "messages": [{"role": "user", "content": [{"type": "image", "source": {"type": "url", "url": "file:///etc/passwd"}}]}]} | messages[0].content[0].source.url must be an https URL
					{"model": "m", "max_tokens": 10, "messages": [{"role": "user", "content": [{"type": "image", "source": {"type": "file", "file_id": "f"}}]}]} | messages[0].content[0].source must be
					{"model": "m", "max_tokens": 10, "tools": [{"type": "web_search_20250305", "name": "web_search"}], "messages": [{"role": "user", "content": "Hi"}]} | tools[0] is not a client tool
					{"model": "m", "max_tokens": 10, "tools": [{"name": "t"}], "messages": [{"role": "user", "content": "Hi"}]} | tools[0].input_schema must be a JSON schema object
					{"model": "m", "max_tokens": 10, "tool_choice": {"type": "required"}, "messages": [{"role": "user", "content": "Hi"}]} | tool_choice must be
					{"model": "m", "max_tokens": 10, "messages": [{"role": "assistant", "content": [{"type": "tool_use", "id": "t1", "name": "x", "input": {}}]}]} | need their results
					{"model": "m", "max_tokens": 10, "messages": [{"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t9", "content": "x"}]}]} | answers tool call 't9'
					""")
	void rejectsWhatItCannotServeSayingWhatToChange(String body, String message) {
		assertThatExceptionOfType(InvalidChatRequestException.class).isThrownBy(() -> parse(body))
			.withMessageContaining(message);
	}

	@Test
	void httpImageUrlsPassOnlyWhenAllowed() {
		String body = """
				{"model": "m", "max_tokens": 10, "messages": [{"role": "user", "content": [
				  {"type": "image", "source": {"type": "url", "url": "http://images.internal/cat.jpg"}}]}]}""";
		assertThatExceptionOfType(InvalidChatRequestException.class)
			.isThrownBy(() -> MessagesRequest.parse(body.getBytes(StandardCharsets.UTF_8), new ImageUrls(false)));
		assertThat(MessagesRequest.parse(body.getBytes(StandardCharsets.UTF_8), new ImageUrls(true))
			.chatRequest()
			.messages()).singleElement()
			.satisfies((message) -> assertThat(message.parts())
				.containsExactly(ContentPart.imageUrl("http://images.internal/cat.jpg")));
	}

	private static MessagesRequest parse(String json) {
		return MessagesRequest.parse(json.getBytes(StandardCharsets.UTF_8), new ImageUrls(false));
	}

}
