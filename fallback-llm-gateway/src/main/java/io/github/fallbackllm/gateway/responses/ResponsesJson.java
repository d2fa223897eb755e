package io.github.fallbackllm.gateway.responses;

import java.util.List;
import java.util.function.Consumer;

import io.github.fallbackllm.chat.Attempt;
import io.github.fallbackllm.chat.FinishReason;
import io.github.fallbackllm.chat.TokenUsage;
import io.github.fallbackllm.gateway.GatewayJson;
import io.github.fallbackllm.gateway.ServerSentEvents;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;

/**
 * The bodies of the OpenAI Responses API: {@code response} objects, their output items
 * and usage, stream events, and OpenAI's error envelope; written straight to bytes with
 * {@link GatewayJson}, so the application's Jackson settings never change the wire
 * format.
 *
 * @author Fallback LLM contributors
 */
final class ResponsesJson {

	private ResponsesJson() {
	}

	/**
	 * Write a whole {@code response} object.
	 * @param head what every state of the response shares
	 * @param state the state to write
	 * @return the JSON, in UTF-8
	 */
	static byte[] response(Head head, State state) {
		return GatewayJson.object((json) -> responseMembers(json, head, state));
	}

	/**
	 * Write one server-sent event, {@code event: <type>} and its JSON data, whose first
	 * fields are {@code type} and {@code sequence_number}.
	 * @param type the event type, such as {@code response.output_text.delta}
	 * @param sequenceNumber the event's position in the stream
	 * @param fields the event's other fields
	 * @return the event, with its blank line, in UTF-8
	 */
	static byte[] event(String type, int sequenceNumber, Consumer<JsonGenerator> fields) {
		return ServerSentEvents.event(type, GatewayJson.object((json) -> {
			json.writeStringProperty("type", type);
			json.writeNumberProperty("sequence_number", sequenceNumber);
			fields.accept(json);
		}));
	}

	/**
	 * Write a {@code response} object as the value of the current property.
	 * @param json the generator
	 * @param head what every state of the response shares
	 * @param state the state to write
	 */
	static void response(JsonGenerator json, Head head, State state) {
		json.writeStartObject();
		responseMembers(json, head, state);
		json.writeEndObject();
	}

	private static void responseMembers(JsonGenerator json, Head head, State state) {
		ResponsesRequest request = head.request();
		ResponsesRequest.Echo echo = request.echo();
		json.writeStringProperty("id", head.id());
		json.writeStringProperty("object", "response");
		json.writeNumberProperty("created_at", head.createdAt());
		json.writeStringProperty("status", state.status());
		json.writeBooleanProperty("background", false);
		if (state.errorCode() != null) {
			json.writeObjectPropertyStart("error");
			json.writeStringProperty("code", state.errorCode());
			json.writeStringProperty("message", state.errorMessage());
			json.writeEndObject();
		}
		else {
			json.writeNullProperty("error");
		}
		if (state.incompleteReason() != null) {
			json.writeObjectPropertyStart("incomplete_details");
			json.writeStringProperty("reason", state.incompleteReason());
			json.writeEndObject();
		}
		else {
			json.writeNullProperty("incomplete_details");
		}
		json.writeStringProperty("instructions", request.instructions());
		writeNumber(json, "max_output_tokens", request.maxOutputTokens());
		json.writeStringProperty("model", head.model());
		json.writeArrayPropertyStart("output");
		for (OutputItem item : state.output()) {
			item(json, item);
		}
		json.writeEndArray();
		json.writeBooleanProperty("parallel_tool_calls",
				(request.parallelToolCalls() != null) ? request.parallelToolCalls() : true);
		json.writeStringProperty("previous_response_id", request.previousResponseId());
		json.writeBooleanProperty("store", head.stored());
		json.writeNumberProperty("temperature", (request.temperature() != null) ? request.temperature() : 1.0);
		writeEcho(json, "text", echo.text(), (g) -> {
			g.writeStartObject();
			g.writeObjectPropertyStart("format");
			g.writeStringProperty("type", "text");
			g.writeEndObject();
			g.writeEndObject();
		});
		writeEcho(json, "tool_choice", echo.toolChoice(), (g) -> g.writeString("auto"));
		writeEcho(json, "tools", echo.tools(), (g) -> {
			g.writeStartArray();
			g.writeEndArray();
		});
		json.writeNumberProperty("top_p", (request.topP() != null) ? request.topP() : 1.0);
		json.writeStringProperty("truncation", "disabled");
		TokenUsage usage = state.usage();
		if (usage != null) {
			usage(json, usage);
		}
		else {
			json.writeNullProperty("usage");
		}
		json.writeStringProperty("user", request.user());
		writeEcho(json, "metadata", echo.metadata(), (g) -> {
			g.writeStartObject();
			g.writeEndObject();
		});
	}

	/**
	 * Write an output item as the current value.
	 * @param json the generator
	 * @param item the item
	 */
	static void item(JsonGenerator json, OutputItem item) {
		json.writeStartObject();
		if (item instanceof OutputItem.Message message) {
			json.writeStringProperty("type", "message");
			json.writeStringProperty("id", message.id());
			json.writeStringProperty("status", message.status());
			json.writeStringProperty("role", "assistant");
			json.writeArrayPropertyStart("content");
			if (!OutputItem.IN_PROGRESS.equals(message.status())) {
				textPart(json, message.text());
			}
			json.writeEndArray();
		}
		else if (item instanceof OutputItem.FunctionCall call) {
			json.writeStringProperty("type", "function_call");
			json.writeStringProperty("id", call.id());
			json.writeStringProperty("call_id", call.callId());
			json.writeStringProperty("name", call.name());
			json.writeStringProperty("arguments", call.arguments());
			json.writeStringProperty("status", call.status());
		}
		json.writeEndObject();
	}

	/**
	 * Write an {@code output_text} part as the current value.
	 * @param json the generator
	 * @param text its text
	 */
	static void textPart(JsonGenerator json, String text) {
		json.writeStartObject();
		json.writeStringProperty("type", "output_text");
		json.writeStringProperty("text", text);
		json.writeArrayPropertyStart("annotations");
		json.writeEndArray();
		json.writeArrayPropertyStart("logprobs");
		json.writeEndArray();
		json.writeEndObject();
	}

	/**
	 * Write OpenAI's error envelope, {@code {"error": {"message", "type", "param",
	 * "code"}}}, with the attempts of a call that no provider could serve.
	 * @param message what went wrong and what to do
	 * @param type the error type, such as {@code invalid_request_error}
	 * @param param the request field at fault, or {@code null}
	 * @param code the kind of problem, or {@code null}
	 * @param attempts the attempts of the failed call; empty when there were none
	 * @return the JSON, in UTF-8
	 */
	static byte[] error(String message, String type, @Nullable String param, @Nullable String code,
			List<Attempt> attempts) {
		return GatewayJson.object((json) -> {
			json.writeObjectPropertyStart("error");
			json.writeStringProperty("message", message);
			json.writeStringProperty("type", type);
			json.writeStringProperty("param", param);
			json.writeStringProperty("code", code);
			if (!attempts.isEmpty()) {
				GatewayJson.attempts(json, "attempts", attempts);
			}
			json.writeEndObject();
		});
	}

	/**
	 * Return the reason a response with this finish is incomplete.
	 * @param finishReason why generation stopped
	 * @return {@code max_output_tokens} or {@code content_filter}, or {@code null} when
	 * the response is complete
	 */
	static @Nullable String incompleteReason(FinishReason finishReason) {
		return switch (finishReason) {
			case LENGTH -> "max_output_tokens";
			case CONTENT_FILTER -> "content_filter";
			case STOP, TOOL_CALLS, OTHER -> null;
		};
	}

	private static void usage(JsonGenerator json, TokenUsage usage) {
		json.writeObjectPropertyStart("usage");
		json.writeNumberProperty("input_tokens", usage.promptTokens());
		json.writeObjectPropertyStart("input_tokens_details");
		json.writeNumberProperty("cached_tokens", 0);
		json.writeEndObject();
		json.writeNumberProperty("output_tokens", usage.completionTokens());
		json.writeObjectPropertyStart("output_tokens_details");
		json.writeNumberProperty("reasoning_tokens", 0);
		json.writeEndObject();
		json.writeNumberProperty("total_tokens", usage.totalTokens());
		json.writeEndObject();
	}

	private static void writeNumber(JsonGenerator json, String name, @Nullable Integer value) {
		if (value != null) {
			json.writeNumberProperty(name, value);
		}
		else {
			json.writeNullProperty(name);
		}
	}

	/** A request field as the client sent it, else OpenAI's default. */
	private static void writeEcho(JsonGenerator json, String name, @Nullable JsonNode sent,
			Consumer<JsonGenerator> otherwise) {
		json.writeName(name);
		if (sent != null) {
			json.writeTree(sent);
		}
		else {
			otherwise.accept(json);
		}
	}

	/**
	 * What every state of one response shares.
	 *
	 * @param id the response's identifier, {@code resp_…}
	 * @param createdAt when it was created, in epoch seconds
	 * @param model the model that answers, as its provider reported it
	 * @param request the request it answers
	 * @param stored whether it is stored for a later {@code previous_response_id}
	 */
	record Head(String id, long createdAt, String model, ResponsesRequest request, boolean stored) {

	}

	/**
	 * A response at one point of its life.
	 *
	 * @param status {@code in_progress}, {@code completed}, {@code incomplete} or
	 * {@code failed}
	 * @param output its output items so far
	 * @param usage tokens consumed, once known
	 * @param incompleteReason why it is incomplete, for {@code incomplete} only
	 * @param errorCode what failed, for {@code failed} only, such as {@code server_error}
	 * @param errorMessage what failed, in words, for {@code failed} only
	 */
	record State(String status, List<OutputItem> output, @Nullable TokenUsage usage, @Nullable String incompleteReason,
			@Nullable String errorCode, @Nullable String errorMessage) {

		static State inProgress() {
			return new State(OutputItem.IN_PROGRESS, List.of(), null, null, null, null);
		}

		static State finished(List<OutputItem> output, FinishReason finishReason, @Nullable TokenUsage usage) {
			String incompleteReason = ResponsesJson.incompleteReason(finishReason);
			return new State((incompleteReason != null) ? OutputItem.INCOMPLETE : OutputItem.COMPLETED, output, usage,
					incompleteReason, null, null);
		}

		static State failed(List<OutputItem> output, String code, String message) {
			return new State("failed", output, null, null, code, message);
		}

	}

}
