package io.github.fallbackllm.gateway.messages;

import java.util.List;
import java.util.function.Consumer;

import io.github.fallbackllm.chat.Attempt;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.chat.FinishReason;
import io.github.fallbackllm.chat.TokenUsage;
import io.github.fallbackllm.chat.ToolCall;
import io.github.fallbackllm.gateway.GatewayJson;
import io.github.fallbackllm.gateway.ServerSentEvents;
import io.github.fallbackllm.provider.anthropic.AnthropicFormat;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The bodies and stream events of the Anthropic Messages API. Usage a provider did not
 * report is written as zero tokens: clients require the fields.
 *
 * @author Fallback LLM contributors
 */
final class MessagesJson {

	private static final JsonMapper JSON = JsonMapper.shared();

	private MessagesJson() {
	}

	/**
	 * Write a complete answer as a {@code message}.
	 * @param id the message's identifier
	 * @param answer the answer
	 * @return the JSON, in UTF-8
	 * @throws IllegalStateException if the arguments of a tool call are not a JSON object
	 */
	static byte[] message(String id, ChatResponse answer) {
		return GatewayJson.object((json) -> {
			head(json, id, answer.model());
			json.writeArrayPropertyStart("content");
			if (!answer.content().isEmpty()) {
				json.writeStartObject();
				json.writeStringProperty("type", AnthropicFormat.TEXT);
				json.writeStringProperty("text", answer.content());
				json.writeEndObject();
			}
			for (ToolCall call : answer.toolCalls()) {
				json.writeStartObject();
				json.writeStringProperty("type", AnthropicFormat.TOOL_USE);
				json.writeStringProperty("id", call.id());
				json.writeStringProperty("name", call.name());
				json.writeName("input");
				json.writeTree(input(call));
				json.writeEndObject();
			}
			json.writeEndArray();
			json.writeStringProperty("stop_reason", AnthropicFormat.stopReason(answer.finishReason()));
			json.writeNullProperty("stop_sequence");
			usage(json, answer.usage());
		});
	}

	/**
	 * Write the {@code message_start} event: the message without content or stop reason.
	 * @param id the message's identifier
	 * @param model the model that answers
	 * @return the event
	 */
	static byte[] messageStart(String id, String model) {
		return event(AnthropicFormat.MESSAGE_START, (json) -> {
			json.writeObjectPropertyStart("message");
			head(json, id, model);
			json.writeArrayPropertyStart("content");
			json.writeEndArray();
			json.writeNullProperty("stop_reason");
			json.writeNullProperty("stop_sequence");
			usage(json, null);
			json.writeEndObject();
		});
	}

	static byte[] textBlockStart(int index) {
		return event(AnthropicFormat.CONTENT_BLOCK_START, (json) -> {
			json.writeNumberProperty("index", index);
			json.writeObjectPropertyStart("content_block");
			json.writeStringProperty("type", AnthropicFormat.TEXT);
			json.writeStringProperty("text", "");
			json.writeEndObject();
		});
	}

	static byte[] toolUseBlockStart(int index, String id, String name) {
		return event(AnthropicFormat.CONTENT_BLOCK_START, (json) -> {
			json.writeNumberProperty("index", index);
			json.writeObjectPropertyStart("content_block");
			json.writeStringProperty("type", AnthropicFormat.TOOL_USE);
			json.writeStringProperty("id", id);
			json.writeStringProperty("name", name);
			json.writeObjectPropertyStart("input");
			json.writeEndObject();
			json.writeEndObject();
		});
	}

	static byte[] textDelta(int index, String text) {
		return delta(index, AnthropicFormat.TEXT_DELTA, "text", text);
	}

	static byte[] inputJsonDelta(int index, String partialJson) {
		return delta(index, AnthropicFormat.INPUT_JSON_DELTA, "partial_json", partialJson);
	}

	private static byte[] delta(int index, String type, String field, String value) {
		return event(AnthropicFormat.CONTENT_BLOCK_DELTA, (json) -> {
			json.writeNumberProperty("index", index);
			json.writeObjectPropertyStart("delta");
			json.writeStringProperty("type", type);
			json.writeStringProperty(field, value);
			json.writeEndObject();
		});
	}

	static byte[] blockStop(int index) {
		return event(AnthropicFormat.CONTENT_BLOCK_STOP, (json) -> json.writeNumberProperty("index", index));
	}

	/**
	 * Write the {@code message_delta} event with the stop reason and the final usage.
	 * @param finishReason why generation stopped
	 * @param usage the tokens, if reported
	 * @return the event
	 */
	static byte[] messageDelta(FinishReason finishReason, @Nullable TokenUsage usage) {
		return event(AnthropicFormat.MESSAGE_DELTA, (json) -> {
			json.writeObjectPropertyStart("delta");
			json.writeStringProperty("stop_reason", AnthropicFormat.stopReason(finishReason));
			json.writeNullProperty("stop_sequence");
			json.writeEndObject();
			usage(json, usage);
		});
	}

	static byte[] messageStop() {
		return event(AnthropicFormat.MESSAGE_STOP, (json) -> {
		});
	}

	/**
	 * Write the {@code error} event that ends a broken stream.
	 * @param type the error type, such as {@code overloaded_error}
	 * @param message what went wrong
	 * @return the event
	 */
	static byte[] errorEvent(String type, String message) {
		return ServerSentEvents.event(AnthropicFormat.ERROR, error(type, message, List.of()));
	}

	/**
	 * Write Anthropic's error envelope, {@code {"type": "error", "error": {"type",
	 * "message"}}}, with the attempts of a call that no target served, as data.
	 * @param type the error type, such as {@code invalid_request_error}
	 * @param message what went wrong and what to do
	 * @param attempts the attempts; none are written when empty
	 * @return the JSON, in UTF-8
	 */
	static byte[] error(String type, String message, List<Attempt> attempts) {
		return GatewayJson.object((json) -> {
			json.writeStringProperty("type", AnthropicFormat.ERROR);
			json.writeObjectPropertyStart("error");
			json.writeStringProperty("type", type);
			json.writeStringProperty("message", message);
			if (!attempts.isEmpty()) {
				GatewayJson.attempts(json, "attempts", attempts);
			}
			json.writeEndObject();
		});
	}

	/**
	 * One server-sent event whose data is an object with the event's name as its
	 * {@code type}, as Anthropic sends them.
	 */
	private static byte[] event(String name, Consumer<JsonGenerator> members) {
		return ServerSentEvents.event(name, GatewayJson.object((json) -> {
			json.writeStringProperty("type", name);
			members.accept(json);
		}));
	}

	/**
	 * A tool call's arguments as the object Anthropic's {@code input} is. Arguments from
	 * another wire format are JSON text that the model wrote; text that is not an object
	 * fails the answer rather than the client's parser.
	 */
	private static JsonNode input(ToolCall call) {
		try {
			JsonNode input = JSON.readTree(call.arguments());
			if (input != null && input.isObject()) {
				return input;
			}
		}
		catch (JacksonException ex) {
			// Reported below.
		}
		throw new IllegalStateException("The arguments of tool call '" + call.id()
				+ "' that the model wrote are not a JSON object, which a Messages client needs as its input");
	}

	private static void head(JsonGenerator json, String id, String model) {
		json.writeStringProperty("id", id);
		json.writeStringProperty("type", "message");
		json.writeStringProperty("role", "assistant");
		json.writeStringProperty("model", model);
	}

	private static void usage(JsonGenerator json, @Nullable TokenUsage usage) {
		json.writeObjectPropertyStart("usage");
		json.writeNumberProperty("input_tokens", (usage != null) ? usage.promptTokens() : 0);
		json.writeNumberProperty("output_tokens", (usage != null) ? usage.completionTokens() : 0);
		json.writeEndObject();
	}

}
