package io.github.fallbackllm.gateway.responses;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.chat.FinishReason;
import io.github.fallbackllm.chat.TokenUsage;
import io.github.fallbackllm.chat.ToolCall;
import io.github.fallbackllm.gateway.ImageUrls;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Complete {@code response} objects and error envelopes.
 *
 * @author Fallback LLM contributors
 */
class ResponsesJsonTests {

	private static final JsonMapper JSON = JsonMapper.shared();

	@Test
	void aCompleteAnswerWithToolCallsIsAMessageThenOneItemPerCall() {
		ResponsesRequest request = ResponsesRequest.parse("""
				{"model":"smart","instructions":"Be brief.","input":"Weather?","temperature":0.2,
				 "tools":[{"type":"function","name":"get_weather","parameters":{"type":"object"}}],
				 "tool_choice":"required","metadata":{"ticket":"42"}}""".getBytes(StandardCharsets.UTF_8),
				new ImageUrls(false));
		ChatResponse answer = new ChatResponse("Checking.",
				List.of(new ToolCall("toolu_1", "get_weather", "{\"city\":\"Oslo\"}")), "secondary",
				"claude-sonnet-4-5", FinishReason.TOOL_CALLS, new TokenUsage(20, 5), List.of());

		JsonNode response = JSON.readTree(ResponsesJson
			.response(new ResponsesJson.Head("resp_1", 1700000000L, answer.model(), request, false), ResponsesJson.State
				.finished(OutputItem.of(answer, OutputItem.COMPLETED), answer.finishReason(), answer.usage())));

		assertThat(response.path("id").asString()).isEqualTo("resp_1");
		assertThat(response.path("object").asString()).isEqualTo("response");
		assertThat(response.path("created_at").asLong()).isEqualTo(1700000000L);
		assertThat(response.path("status").asString()).isEqualTo("completed");
		assertThat(response.path("model").asString()).isEqualTo("claude-sonnet-4-5");
		assertThat(response.path("instructions").asString()).isEqualTo("Be brief.");
		assertThat(response.path("temperature").asDouble()).isEqualTo(0.2);
		assertThat(response.path("top_p").asDouble()).isEqualTo(1.0);
		assertThat(response.path("tool_choice").asString()).isEqualTo("required");
		assertThat(response.path("tools").toString())
			.isEqualTo("[{\"type\":\"function\",\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\"}}]");
		assertThat(response.path("text").toString()).isEqualTo("{\"format\":{\"type\":\"text\"}}");
		assertThat(response.path("metadata").toString()).isEqualTo("{\"ticket\":\"42\"}");
		assertThat(response.path("store").asBoolean()).isFalse();
		assertThat(response.path("error").isNull()).isTrue();
		assertThat(response.path("incomplete_details").isNull()).isTrue();
		JsonNode output = response.path("output");
		assertThat(output).hasSize(2);
		assertThat(output.get(0).path("type").asString()).isEqualTo("message");
		assertThat(output.get(0).path("content").get(0).path("text").asString()).isEqualTo("Checking.");
		assertThat(output.get(1).path("type").asString()).isEqualTo("function_call");
		assertThat(output.get(1).path("id").asString()).startsWith("fc_");
		assertThat(output.get(1).path("call_id").asString()).isEqualTo("toolu_1");
		assertThat(output.get(1).path("arguments").asString()).isEqualTo("{\"city\":\"Oslo\"}");
		assertThat(output.get(1).path("status").asString()).isEqualTo("completed");
		assertThat(response.path("usage").path("total_tokens").asInt()).isEqualTo(25);
	}

	@Test
	void aToolCallOnlyAnswerHasNoEmptyMessage() {
		ChatResponse answer = new ChatResponse("", List.of(new ToolCall("call_1", "get_time", "{}")), "p", "m",
				FinishReason.TOOL_CALLS, null, List.of());

		assertThat(OutputItem.of(answer, OutputItem.COMPLETED)).singleElement()
			.isInstanceOf(OutputItem.FunctionCall.class);
	}

	@Test
	void anAnswerCutByTheOutputBudgetIsIncomplete() {
		ResponsesRequest request = ResponsesRequest
			.parse("{\"input\":\"Hi\",\"max_output_tokens\":5}".getBytes(StandardCharsets.UTF_8), new ImageUrls(false));
		ChatResponse answer = new ChatResponse("Hello th", "p", "m", FinishReason.LENGTH, null, List.of());

		JsonNode response = JSON.readTree(
				ResponsesJson.response(new ResponsesJson.Head("resp_1", 1L, "m", request, false), ResponsesJson.State
					.finished(OutputItem.of(answer, OutputItem.INCOMPLETE), answer.finishReason(), answer.usage())));

		assertThat(response.path("status").asString()).isEqualTo("incomplete");
		assertThat(response.path("incomplete_details").path("reason").asString()).isEqualTo("max_output_tokens");
		assertThat(response.path("max_output_tokens").asInt()).isEqualTo(5);
		assertThat(response.path("output").get(0).path("status").asString()).isEqualTo("incomplete");
	}

	@Test
	void errorsUseOpenAisEnvelope() {
		assertThat(new String(ResponsesJson.error("tools[0] is bad", "invalid_request_error", "tools[0].type",
				"unsupported_parameter", List.of()), StandardCharsets.UTF_8))
			.isEqualTo("{\"error\":{\"message\":\"tools[0] is bad\",\"type\":\"invalid_request_error\","
					+ "\"param\":\"tools[0].type\",\"code\":\"unsupported_parameter\"}}");
	}

}
