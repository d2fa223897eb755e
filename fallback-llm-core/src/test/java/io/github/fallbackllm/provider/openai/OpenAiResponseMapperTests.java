package io.github.fallbackllm.provider.openai;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.chat.FinishReason;
import io.github.fallbackllm.chat.TokenUsage;
import io.github.fallbackllm.chat.ToolCall;
import io.github.fallbackllm.provider.ProviderException;
import io.github.fallbackllm.provider.SecretRedactor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The direct reader of completions reads every body of the usual shape as the tree reader
 * does, answers and failures alike, and leaves every other body to the tree reader.
 */
class OpenAiResponseMapperTests {

	private static final SecretRedactor REDACTOR = SecretRedactor.of(List.of("sk-secret-0123456789"));

	@ParameterizedTest
	@ValueSource(strings = { """
			{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o-2024-08-06",
			 "choices":[{"index":0,"message":{"role":"assistant","content":"Hello","refusal":null,"annotations":[]},
			  "logprobs":null,"finish_reason":"stop"}],
			 "usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15,
			  "prompt_tokens_details":{"cached_tokens":0}},"system_fingerprint":"fp_1"}""", """
			{"choices":[{"message":{"content":null,"tool_calls":[
			  {"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Oslo\\"}"}},
			  {"id":"call_2","type":"function","function":{"name":"get_time","arguments":null}}]},
			 "finish_reason":"stop"}],"model":null,"usage":null}""", """
			{"choices":[{"message":{"content":""},"finish_reason":"length"}],"error":null}""", """
			{"choices":[{"message":{"content":"a"},"finish_reason":"stop"},{"message":{"content":"b"}}],
			 "usage":{"completion_tokens":4}}""", """
			{"choices":[{"message":{"content":"Hi"},"finish_reason":null}]}""", """
			{"choices":[{"message":{"content":"","refusal":"I can't help with sk-secret-0123456789"},
			 "finish_reason":"stop"}]}""", """
			{"choices":[{"message":{"content":"partial"},"finish_reason":"content_filter"}]}""", """
			{"choices":[{"message":{"content":""},"finish_reason":"stop"}]}""", """
			{"choices":[],"model":"m"}""", """
			{"object":"chat.completion"}""",
			"""
					{"choices":[{"message":{"tool_calls":[{"id":"","function":{"name":"f"}}]},"finish_reason":"tool_calls"}]}""",
			"""
					{"choices":[{"message":null,"finish_reason":"length"}]}""" })
	void readsTheUsualShapeAsTheTreeReaderDoes(String body) {
		Object direct = outcome(() -> OpenAiResponseMapper.read("openai", "gpt-4o", bytes(body), REDACTOR));
		Object tree = outcome(
				() -> OpenAiResponseMapper.response("openai", "gpt-4o", JsonMapper.shared().readTree(body), REDACTOR));
		assertThat(direct).isNotNull().isEqualTo(tree);
	}

	@ParameterizedTest
	@ValueSource(strings = { """
			{"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}}""", """
			{"choices":[{"message":{"content":[{"type":"text","text":"Hi"}]},"finish_reason":"stop"}]}""", """
			{"choices":[{"message":{"content":"Hi"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1.5}}""", """
			{"choices":[{"message":{"content":"Hi"},"finish_reason":"stop"}],"usage":"none"}""", """
			{"choices":[null]}""", """
			{"choices":[{"message":{"content":"Hi","tool_calls":{"id":"x"}}}]}""", """
			{"choices":[{"message":{"content":"Hi"},"finish_reason":"stop"}],"model":7}""", "[1, 2]", "not json",
			"{\"choices\":[{\"message\":{\"content\":\"Hi\"" })
	void leavesEveryOtherBodyToTheTreeReader(String body) {
		assertThat(OpenAiResponseMapper.read("openai", "gpt-4o", bytes(body), REDACTOR)).isNull();
	}

	@Test
	void readsToolCallsAndUsageFromBytes() {
		ChatResponse response = OpenAiResponseMapper.read("openai", "gpt-4o", bytes("""
				{"model":"gpt-4o-2024-08-06","choices":[{"message":{"content":null,"tool_calls":[
				 {"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{}"}}]},
				 "finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":3}}"""), REDACTOR);
		assertThat(response).isNotNull();
		assertThat(response.toolCalls()).containsExactly(new ToolCall("call_1", "get_weather", "{}"));
		assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
		assertThat(response.model()).isEqualTo("gpt-4o-2024-08-06");
		assertThat(response.usage()).isEqualTo(new TokenUsage(12, 3));
	}

	@Test
	void refusesARefusalFromBytesWithTheSecretRedacted() {
		ProviderException failure = catchThrowableOfType(ProviderException.class,
				() -> OpenAiResponseMapper.read("openai", "gpt-4o", bytes("""
						{"choices":[{"message":{"content":"","refusal":"no sk-secret-0123456789"},
						 "finish_reason":"stop"}]}"""), REDACTOR));
		assertThat(failure.getOutcome()).isEqualTo(AttemptOutcome.CONTENT_FILTERED);
		assertThat(failure.getMessage()).doesNotContain("sk-secret-0123456789");
	}

	/** The answer, or the failure's outcome and message. */
	private static Object outcome(Supplier<ChatResponse> read) {
		try {
			return read.get();
		}
		catch (ProviderException ex) {
			return ex.getOutcome() + ": " + ex.getMessage();
		}
	}

	private static byte[] bytes(String body) {
		return body.getBytes(StandardCharsets.UTF_8);
	}

}
