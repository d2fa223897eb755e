package io.github.fallbackllm.gateway.chatcompletions;

import java.nio.charset.StandardCharsets;

import io.github.fallbackllm.chat.ChatMessage;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ContentPart;
import io.github.fallbackllm.chat.InvalidChatRequestException;
import io.github.fallbackllm.chat.ResponseFormat;
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
 * Tests for {@link ChatCompletionRequest}.
 */
class ChatCompletionRequestTests {

	@Test
	void readsEverythingTheChainUses() {
		ChatCompletionRequest request = parse(
				"""
						{"model": "gpt-4o", "temperature": 0.5, "max_completion_tokens": 100, "stop": ["END", "STOP"],
						 "stream": true, "stream_options": {"include_usage": true}, "user": "ignored", "top_p": 1,
						 "messages": [
						   {"role": "developer", "content": "Be brief."},
						   {"role": "user", "content": [{"type": "text", "text": "Hello, "}, {"type": "text", "text": "world"}]},
						   {"role": "assistant", "content": "Hi!"},
						   {"role": "user", "content": "Again"}]}""");
		ChatRequest chatRequest = request.chatRequest();
		assertThat(chatRequest.messages()).containsExactly(ChatMessage.system("Be brief."),
				ChatMessage.user("Hello, world"), ChatMessage.assistant("Hi!"), ChatMessage.user("Again"));
		assertThat(chatRequest.temperature()).isEqualTo(0.5);
		assertThat(chatRequest.maxTokens()).isEqualTo(100);
		assertThat(chatRequest.stop()).containsExactly("END", "STOP");
		assertThat(request.stream()).isTrue();
		assertThat(request.includeUsage()).isTrue();
	}

	@Test
	void absentAndNullFieldsLeaveProviderDefaults() {
		ChatCompletionRequest request = parse("""
				{"temperature": null, "max_tokens": null, "stop": null, "stream": null, "stream_options": null,
				 "messages": [{"role": "user", "content": "Hi"}]}""");
		assertThat(request.chatRequest().temperature()).isNull();
		assertThat(request.chatRequest().maxTokens()).isNull();
		assertThat(request.chatRequest().stop()).isEmpty();
		assertThat(request.stream()).isFalse();
		assertThat(request.includeUsage()).isFalse();
	}

	@Test
	void stopMayBeOneString() {
		assertThat(parse("{\"stop\": \"END\", \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}").chatRequest()
			.stop()).containsExactly("END");
	}

	@Test
	void maxTokensIsReadUnderItsOlderNameToo() {
		assertThat(
				parse("{\"max_tokens\": 64, \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}").chatRequest()
					.maxTokens())
			.isEqualTo(64);
	}

	@Test
	void readsToolsToolLoopsImagesAndStructuredOutput() {
		ChatRequest request = parse(
				"""
						{"model": "gpt-4o", "top_p": 0.5, "seed": 7, "user": "u-1", "parallel_tool_calls": false,
						 "tools": [{"type": "function", "function": {"name": "get_weather", "description": "Weather",
						   "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}}],
						 "tool_choice": {"type": "function", "function": {"name": "get_weather"}},
						 "response_format": {"type": "json_schema", "json_schema": {"name": "answer", "strict": true,
						   "schema": {"type": "object", "properties": {"celsius": {"type": "number"}}}}},
						 "messages": [
						   {"role": "user", "content": [{"type": "text", "text": "Where is this?"},
						     {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw==", "detail": "low"}},
						     {"type": "image_url", "image_url": {"url": "https://example.com/b.png"}}]},
						   {"role": "assistant", "content": null, "tool_calls": [{"id": "call_Zx", "type": "function",
						     "function": {"name": "get_weather", "arguments": "{\\"city\\":\\"Zürich\\"}"}}]},
						   {"role": "tool", "tool_call_id": "call_Zx", "content": [{"type": "text", "text": "{\\"celsius\\":4}"}]}]}""")
			.chatRequest();

		assertThat(request.topP()).isEqualTo(0.5);
		assertThat(request.seed()).isEqualTo(7L);
		assertThat(request.user()).isEqualTo("u-1");
		assertThat(request.parallelToolCalls()).isFalse();
		assertThat(request.tools()).containsExactly(new ToolDefinition("get_weather", "Weather",
				"{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}"));
		assertThat(request.toolChoice()).isEqualTo(ToolChoice.named("get_weather"));
		assertThat(request.responseFormat()).isEqualTo(ResponseFormat.jsonSchema("answer",
				"{\"type\":\"object\",\"properties\":{\"celsius\":{\"type\":\"number\"}}}", true));
		assertThat(request.messages().get(0).parts()).containsExactly(ContentPart.text("Where is this?"),
				new ContentPart.Image(null, "image/png", "iVBORw=="),
				ContentPart.imageUrl("https://example.com/b.png"));
		assertThat(request.messages().get(1).toolCalls())
			.containsExactly(new ToolCall("call_Zx", "get_weather", "{\"city\":\"Zürich\"}"));
		assertThat(request.messages().get(2)).isEqualTo(ChatMessage.toolResult("call_Zx", "{\"celsius\":4}"));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					"max_tokens": 10, "max_completion_tokens": 20 | max_tokens (10) and max_completion_tokens (20) disagree
					"max_tokens": 1.5                             | max_tokens must be a positive integer (got 1.5)
					"max_completion_tokens": 3000000000           | max_completion_tokens must be a positive integer (got 3000000000)
					"stop": [1]                                   | stop must be a string or an array of strings (got [1])
					"stream_options": true                        | stream_options must be an object
					"stream_options": {"include_usage": "yes"}    | stream_options.include_usage must be true or false
					"n": 2                                        | n must be 1 (got 2)
					"n": 99999999999999999999999                  | n must be 1 (got 99999999999999999999999)
					"functions": [{"name": "f"}]                  | functions are not supported by this gateway; send tools instead
					"response_format": {"type": "grammar"}        | response_format {"type":"grammar"} is not supported
					"logprobs": true                              | logprobs are not supported by this gateway
					"audio": {"voice": "alloy", "format": "mp3"}  | audio output is not supported by this gateway
					"modalities": ["text", "audio"]               | audio output is not supported by this gateway
					"tools": [{"type": "web_search"}]             | tools[0] is not a function tool
					"tool_choice": "any"                          | tool_choice must be "auto", "none", "required" or
					"top_p": "high"                               | top_p must be a number between 0 and 1 (got "high")
					"seed": 1.5                                   | seed must be an integer (got 1.5)
					""")
	void fieldsItCannotHonourAreRejected(String field, String message) {
		assertThatExceptionOfType(InvalidChatRequestException.class)
			.isThrownBy(() -> parse("{" + field + ", \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}"))
			.withMessageStartingWith(message);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					[{"role": "user"}]                                                    | messages[0].content must be a string or an array of text parts (got nothing)
					[{"content": "Hi"}]                                                   | messages[0].role is missing
					["Hi"]                                                                | messages[0] must be an object with role and content (got "Hi")
					[{"role": "user", "content": [{"type": "image_url", "image_url": {}}]}] | messages[0].content[0].image_url.url must be a string (got nothing)
					[{"role": "user", "content": [{"type": "input_audio", "input_audio": {}}]}] | messages[0].content[0] is not a text or image part
					[{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "data:text/plain;base64,SGk="}}]}] | messages[0].content[0].image_url.url must be an https URL or a base64 data URL
					[{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "file:///etc/passwd"}}]}] | messages[0].content[0].image_url.url must be an https URL or a base64 data URL such as data:image/png;base64,...; 'file:' URLs are not accepted
					[{"role": "user", "content": "Hi"}, {"role": "tool", "tool_call_id": "call_1", "content": "4"}] | messages[1] answers tool call 'call_1', which the assistant message before it did not make
					[{"role": "user", "content": "Hi"}, {"role": "assistant", "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "f", "arguments": "{}"}}]}] | Tool calls [call_1] need their results
					[{"role": "system", "content": "Be brief."}]                          | A chat request needs a user or assistant message
					""")
	void messagesItCannotSendAreRejected(String messages, String message) {
		assertThatExceptionOfType(InvalidChatRequestException.class)
			.isThrownBy(() -> parse("{\"messages\": " + messages + "}"))
			.withMessageStartingWith(message);
	}

	@Test
	void emptiesAreToldApartFromJunk() {
		assertThatExceptionOfType(InvalidChatRequestException.class)
			.isThrownBy(() -> ChatCompletionRequest.parse(null, new ImageUrls(false)))
			.withMessageStartingWith("The request body is empty");
		assertThatExceptionOfType(InvalidChatRequestException.class).isThrownBy(() -> parse("\"hello\""))
			.withMessageStartingWith("The request body must be a JSON object");
		assertThatExceptionOfType(InvalidChatRequestException.class).isThrownBy(() -> parse("{\"messages\": [}"))
			.withMessageStartingWith("The request body is not valid JSON: ")
			.withMessageEndingWith("(line 1, column 15)");
	}

	private static ChatCompletionRequest parse(String json) {
		return ChatCompletionRequest.parse(json.getBytes(StandardCharsets.UTF_8), new ImageUrls(false));
	}

}
