package io.github.fallbackllm.gateway.messages;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.chat.FinishReason;
import io.github.fallbackllm.chat.TokenUsage;
import io.github.fallbackllm.chat.ToolCall;
import io.github.fallbackllm.provider.anthropic.AnthropicFormat;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The bodies and stream events of the Anthropic Messages API, written straight to bytes
 * with a private {@link JsonMapper}, so the application's Jackson settings never change
 * the wire format. Usage a provider did not report is written as zero tokens: clients
 * require the fields.
 *
 * @author Fallback LLM contributors
 */
final class MessagesJson {

	private static final JsonMapper JSON = JsonMapper.shared();

	private static final byte[] EVENT = "event: ".getBytes(StandardCharsets.UTF_8);

	private static final byte[] DATA = "\ndata: ".getBytes(StandardCharsets.UTF_8);

	private static final byte[] END = "\n\n".getBytes(StandardCharsets.UTF_8);

	private MessagesJson() {
	}

	/**
	 * Write a complete answer as a {@code message}.
	 * @param id the message's identifier
	 * @param answer the answer
	 * @return the JSON, in UTF-8
	 */
	static byte[] message(String id, ChatResponse answer) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(256);
		object(out, (json) -> {
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
		return out.toByteArray();
	}

	/**
	 * Write the {@code message_start} event: the message without content or stop reason.
	 * @param out where to write
	 * @param id the message's identifier
	 * @param model the model that answers
	 */
	static void messageStart(ByteArrayOutputStream out, String id, String model) {
		event(out, AnthropicFormat.MESSAGE_START, (json) -> {
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

	static void textBlockStart(ByteArrayOutputStream out, int index) {
		event(out, AnthropicFormat.CONTENT_BLOCK_START, (json) -> {
			json.writeNumberProperty("index", index);
			json.writeObjectPropertyStart("content_block");
			json.writeStringProperty("type", AnthropicFormat.TEXT);
			json.writeStringProperty("text", "");
			json.writeEndObject();
		});
	}

	static void toolUseBlockStart(ByteArrayOutputStream out, int index, String id, String name) {
		event(out, AnthropicFormat.CONTENT_BLOCK_START, (json) -> {
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

	static void delta(ByteArrayOutputStream out, int index, String type, String field, String value) {
		event(out, AnthropicFormat.CONTENT_BLOCK_DELTA, (json) -> {
			json.writeNumberProperty("index", index);
			json.writeObjectPropertyStart("delta");
			json.writeStringProperty("type", type);
			json.writeStringProperty(field, value);
			json.writeEndObject();
		});
	}

	static void blockStop(ByteArrayOutputStream out, int index) {
		event(out, AnthropicFormat.CONTENT_BLOCK_STOP, (json) -> json.writeNumberProperty("index", index));
	}

	/**
	 * Write the {@code message_delta} with the stop reason and the final usage, then
	 * {@code message_stop}.
	 * @param out where to write
	 * @param finishReason why generation stopped
	 * @param usage the tokens, if reported
	 */
	static void messageEnd(ByteArrayOutputStream out, FinishReason finishReason, @Nullable TokenUsage usage) {
		event(out, AnthropicFormat.MESSAGE_DELTA, (json) -> {
			json.writeObjectPropertyStart("delta");
			json.writeStringProperty("stop_reason", AnthropicFormat.stopReason(finishReason));
			json.writeNullProperty("stop_sequence");
			json.writeEndObject();
			usage(json, usage);
		});
		event(out, AnthropicFormat.MESSAGE_STOP, (json) -> {
		});
	}

	/**
	 * Write the {@code error} event that ends a broken stream.
	 * @param out where to write
	 * @param type the error type, such as {@code overloaded_error}
	 * @param message what went wrong
	 */
	static void errorEvent(ByteArrayOutputStream out, String type, String message) {
		event(out, AnthropicFormat.ERROR, (json) -> error(json, type, message));
	}

	/**
	 * Write Anthropic's error envelope, {@code {"type": "error", "error": {...}}}.
	 * @param type the error type, such as {@code invalid_request_error}
	 * @param message what went wrong and what to do
	 * @return the JSON, in UTF-8
	 */
	static byte[] error(String type, String message) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(128);
		object(out, (json) -> {
			json.writeStringProperty("type", AnthropicFormat.ERROR);
			error(json, type, message);
		});
		return out.toByteArray();
	}

	private static void error(JsonGenerator json, String type, String message) {
		json.writeObjectPropertyStart("error");
		json.writeStringProperty("type", type);
		json.writeStringProperty("message", message);
		json.writeEndObject();
	}

	/**
	 * One server-sent event whose data is an object with the event's name as its
	 * {@code type}, as Anthropic sends them.
	 */
	private static void event(ByteArrayOutputStream out, String name, Consumer<JsonGenerator> members) {
		byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
		out.writeBytes(EVENT);
		out.writeBytes(bytes);
		out.writeBytes(DATA);
		object(out, (json) -> {
			json.writeStringProperty("type", name);
			members.accept(json);
		});
		out.writeBytes(END);
	}

	private static void object(ByteArrayOutputStream out, Consumer<JsonGenerator> members) {
		try (JsonGenerator json = JSON.createGenerator(out)) {
			json.writeStartObject();
			members.accept(json);
			json.writeEndObject();
		}
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
