package io.github.fallbackllm.sample.gateway;

import java.nio.charset.StandardCharsets;

import io.github.fallbackllm.chat.ChatMessage;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.InvalidChatRequestException;
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
					"functions": [{"name": "f"}]                  | functions are not supported by this gateway
					"response_format": {"type": "json_object"}    | response_format "json_object" is not supported
					"logprobs": true                              | logprobs are not supported by this gateway
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
					[{"role": "user", "content": [{"type": "image_url", "image_url": {}}]}] | messages[0].content[0] is not a text part
					[{"role": "system", "content": "Be brief."}]                          | A chat request needs a user or assistant message
					""")
	void messagesItCannotSendAreRejected(String messages, String message) {
		assertThatExceptionOfType(InvalidChatRequestException.class)
			.isThrownBy(() -> parse("{\"messages\": " + messages + "}"))
			.withMessageStartingWith(message);
	}

	@Test
	void emptiesAreToldApartFromJunk() {
		assertThatExceptionOfType(InvalidChatRequestException.class).isThrownBy(() -> ChatCompletionRequest.parse(null))
			.withMessageStartingWith("The request body is empty");
		assertThatExceptionOfType(InvalidChatRequestException.class).isThrownBy(() -> parse("\"hello\""))
			.withMessageStartingWith("The request body must be a JSON object");
		assertThatExceptionOfType(InvalidChatRequestException.class).isThrownBy(() -> parse("{\"messages\": [}"))
			.withMessageStartingWith("The request body is not valid JSON: ")
			.withMessageEndingWith("(line 1, column 15)");
	}

	private static ChatCompletionRequest parse(String json) {
		return ChatCompletionRequest.parse(json.getBytes(StandardCharsets.UTF_8));
	}

}
