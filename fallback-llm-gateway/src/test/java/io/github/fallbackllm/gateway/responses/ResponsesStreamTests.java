package io.github.fallbackllm.gateway.responses;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.ChatChunk;
import io.github.fallbackllm.chat.ChatStreamInterruptedException;
import io.github.fallbackllm.chat.FinishReason;
import io.github.fallbackllm.chat.TokenUsage;
import io.github.fallbackllm.chat.ToolCallDelta;
import io.github.fallbackllm.gateway.ImageUrls;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden event sequences of streamed Responses answers.
 *
 * @author Fallback LLM contributors
 */
class ResponsesStreamTests {

	private static final ResponsesRequest REQUEST = ResponsesRequest.parse(
			"{\"model\":\"fast\",\"input\":\"Hi\",\"stream\":true}".getBytes(StandardCharsets.UTF_8),
			new ImageUrls(false));

	private final List<List<OutputItem>> completed = new ArrayList<>();

	private final ResponsesStream stream = new ResponsesStream("resp_1", 1700000000L, REQUEST, true,
			(output) -> Mono.fromRunnable(() -> this.completed.add(output)));

	@Test
	void aTextAnswerStreamsEveryEventInOrder() {
		List<JsonNode> events = events(Flux.just(text("Hel"), text("lo"),
				ChatChunk.last("p", "m-1", FinishReason.STOP, new TokenUsage(7, 2))));

		assertThat(ResponsesEvents.trace(events)).containsExactly("response.created in_progress",
				"response.in_progress in_progress", "response.output_item.added #0 message in_progress",
				"response.content_part.added #0.0", "response.output_text.delta #0.0 \"Hel\"",
				"response.output_text.delta #0.0 \"lo\"", "response.output_text.done #0.0 \"Hello\"",
				"response.content_part.done #0.0", "response.output_item.done #0 message completed",
				"response.completed completed");
		String itemId = events.get(2).path("item").path("id").asString();
		assertThat(itemId).startsWith("msg_");
		assertThat(events.subList(3, 8))
			.allSatisfy((event) -> assertThat(event.path("item_id").asString()).isEqualTo(itemId));
		assertThat(events.get(2).path("item").path("content").isEmpty()).isTrue();
		assertThat(events.get(3).path("part").toString())
			.isEqualTo("{\"type\":\"output_text\",\"text\":\"\",\"annotations\":[],\"logprobs\":[]}");
		assertThat(events.get(4).path("logprobs").isArray()).isTrue();
		assertThat(events.get(7).path("part").path("text").asString()).isEqualTo("Hello");
		JsonNode created = events.get(0).path("response");
		assertThat(created.path("id").asString()).isEqualTo("resp_1");
		assertThat(created.path("object").asString()).isEqualTo("response");
		assertThat(created.path("output").isEmpty()).isTrue();
		assertThat(created.path("model").asString()).isEqualTo("m-1");
		JsonNode response = events.get(9).path("response");
		assertThat(response.path("output").toString()).isEqualTo("[{\"type\":\"message\",\"id\":\"" + itemId
				+ "\",\"status\":\"completed\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\","
				+ "\"text\":\"Hello\",\"annotations\":[],\"logprobs\":[]}]}]");
		assertThat(response.path("usage").toString()).isEqualTo("{\"input_tokens\":7,\"input_tokens_details\":"
				+ "{\"cached_tokens\":0},\"output_tokens\":2,\"output_tokens_details\":{\"reasoning_tokens\":0},"
				+ "\"total_tokens\":9}");
		assertThat(response.path("error").isNull()).isTrue();
		assertThat(response.path("store").asBoolean()).isTrue();
		assertThat(this.completed).singleElement()
			.satisfies((output) -> assertThat(output)
				.containsExactly(new OutputItem.Message(itemId, OutputItem.COMPLETED, "Hello")));
	}

	@Test
	void aFunctionCallAnswerStreamsItsArgumentsInOrder() {
		List<JsonNode> events = events(Flux.just(text("Let me check."),
				ChatChunk.toolCalls(List.of(new ToolCallDelta(0, "call_A", "get_weather", "")), "p", "m-1"),
				ChatChunk.toolCalls(List.of(new ToolCallDelta(0, null, null, "{\"city\":")), "p", "m-1"),
				ChatChunk.toolCalls(List.of(new ToolCallDelta(0, null, null, "\"Oslo\"}"),
						new ToolCallDelta(1, "call_B", "get_time", "{}")), "p", "m-1"),
				ChatChunk.last("p", "m-1", FinishReason.TOOL_CALLS, new TokenUsage(30, 12))));

		assertThat(ResponsesEvents.trace(events)).containsExactly("response.created in_progress",
				"response.in_progress in_progress", "response.output_item.added #0 message in_progress",
				"response.content_part.added #0.0", "response.output_text.delta #0.0 \"Let me check.\"",
				"response.output_text.done #0.0 \"Let me check.\"", "response.content_part.done #0.0",
				"response.output_item.done #0 message completed",
				"response.output_item.added #1 function_call in_progress",
				"response.function_call_arguments.delta #1 \"{\\\"city\\\":\"",
				"response.function_call_arguments.delta #1 \"\\\"Oslo\\\"}\"",
				"response.function_call_arguments.done #1 \"{\\\"city\\\":\\\"Oslo\\\"}\"",
				"response.output_item.done #1 function_call completed",
				"response.output_item.added #2 function_call in_progress",
				"response.function_call_arguments.delta #2 \"{}\"", "response.function_call_arguments.done #2 \"{}\"",
				"response.output_item.done #2 function_call completed", "response.completed completed");
		JsonNode added = events.get(8).path("item");
		assertThat(added.path("id").asString()).startsWith("fc_");
		assertThat(added.path("call_id").asString()).isEqualTo("call_A");
		assertThat(added.path("name").asString()).isEqualTo("get_weather");
		assertThat(added.path("arguments").asString()).isEmpty();
		assertThat(events.get(9).has("content_index")).isFalse();
		assertThat(events.get(9).path("item_id").asString()).isEqualTo(added.path("id").asString());
		assertThat(events.get(11).path("name").asString()).isEqualTo("get_weather");
		JsonNode output = events.get(17).path("response").path("output");
		assertThat(output).hasSize(3);
		assertThat(output.get(2).path("call_id").asString()).isEqualTo("call_B");
		assertThat(output.get(1).path("arguments").asString()).isEqualTo("{\"city\":\"Oslo\"}");
		assertThat(OutputItem.assistantMessage(this.completed.get(0)).toolCalls())
			.extracting((call) -> call.id() + " " + call.name() + " " + call.arguments())
			.containsExactly("call_A get_weather {\"city\":\"Oslo\"}", "call_B get_time {}");
	}

	@Test
	void aStreamThatBreaksAfterItsFirstDeltaEndsWithResponseFailed() {
		List<JsonNode> events = events(Flux.concat(Flux.just(text("Hel")), Flux.error(interrupted())));

		assertThat(ResponsesEvents.trace(events)).containsExactly("response.created in_progress",
				"response.in_progress in_progress", "response.output_item.added #0 message in_progress",
				"response.content_part.added #0.0", "response.output_text.delta #0.0 \"Hel\"",
				"response.failed failed");
		JsonNode response = events.get(5).path("response");
		assertThat(response.path("error").path("code").asString()).isEqualTo("server_error");
		assertThat(response.path("error").path("message").asString()).contains("broke after 1 chunks");
		assertThat(response.path("output").get(0).path("status").asString()).isEqualTo("incomplete");
		assertThat(response.path("output").get(0).path("content").get(0).path("text").asString()).isEqualTo("Hel");
		assertThat(this.completed).isEmpty();
	}

	@Test
	void everyChunkThatArrivedBeforeTheBreakIsWrittenWhenTheClientAsksOnlyAfterTheBreak() {
		Sinks.Many<ChatChunk> provider = Sinks.many().unicast().onBackpressureBuffer();

		StepVerifier.create(text(this.stream.events(provider.asFlux())), 0).then(() -> {
			provider.tryEmitNext(text("Hel"));
			provider.tryEmitNext(text("lo"));
			provider.tryEmitError(interrupted());
		})
			.thenRequest(1)
			.assertNext((first) -> assertThat(first).contains("\"delta\":\"Hel\""))
			.thenRequest(1)
			.assertNext((second) -> assertThat(second).contains("\"delta\":\"lo\""))
			.thenRequest(1)
			.assertNext((failed) -> assertThat(failed).startsWith("event: response.failed\n"))
			.thenRequest(1)
			.verifyComplete();
	}

	@Test
	void responseCompletedIsWrittenOnlyOnceTheStoreHasTheAnswer() {
		Sinks.Empty<Void> saved = Sinks.empty();
		ResponsesStream stored = new ResponsesStream("resp_1", 1700000000L, REQUEST, true, (output) -> saved.asMono());

		StepVerifier
			.create(text(stored.events(Flux.just(text("Hi"), ChatChunk.last("p", "m-1", FinishReason.STOP, null)))))
			.expectNextMatches((events) -> events.contains("response.output_text.delta"))
			.expectNextMatches(
					(events) -> events.contains("response.output_item.done") && !events.contains("response.completed"))
			.then(saved::tryEmitEmpty)
			.expectNextMatches((events) -> events.contains("response.completed"))
			.verifyComplete();
	}

	@Test
	void aStreamThatEndsWithoutItsLastChunkEndsWithResponseFailed() {
		List<JsonNode> events = events(Flux.just(text("Hel")));

		assertThat(ResponsesEvents.trace(events)).last().isEqualTo("response.failed failed");
	}

	@Test
	void anAnswerCutByTheOutputBudgetEndsWithResponseIncomplete() {
		List<JsonNode> events = events(Flux.just(text("Hel"), ChatChunk.last("p", "m-1", FinishReason.LENGTH, null)));

		assertThat(ResponsesEvents.trace(events)).endsWith("response.output_item.done #0 message incomplete",
				"response.incomplete incomplete");
		JsonNode response = events.get(events.size() - 1).path("response");
		assertThat(response.path("incomplete_details").path("reason").asString()).isEqualTo("max_output_tokens");
		assertThat(response.path("usage").isNull()).isTrue();
	}

	@Test
	void anEmptyAnswerStillHasItsMessageItem() {
		List<JsonNode> events = events(Flux.just(ChatChunk.last("p", "m-1", FinishReason.STOP, null)));

		assertThat(ResponsesEvents.trace(events)).containsExactly("response.created in_progress",
				"response.in_progress in_progress", "response.output_item.added #0 message in_progress",
				"response.content_part.added #0.0", "response.output_text.done #0.0 \"\"",
				"response.content_part.done #0.0", "response.output_item.done #0 message completed",
				"response.completed completed");
	}

	private List<JsonNode> events(Flux<ChatChunk> chunks) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		this.stream.events(chunks).toStream().forEach(body::writeBytes);
		return ResponsesEvents.read(body.toString(StandardCharsets.UTF_8));
	}

	private static ChatChunk text(String text) {
		return ChatChunk.text(text, "p", "m-1");
	}

	private static ChatStreamInterruptedException interrupted() {
		return new ChatStreamInterruptedException("p/m-1", AttemptOutcome.NETWORK_ERROR, "connection reset", 1, 3,
				List.of(), new IllegalStateException("connection reset"));
	}

	private static Flux<String> text(Flux<byte[]> events) {
		return events.map((event) -> new String(event, StandardCharsets.UTF_8));
	}

}
