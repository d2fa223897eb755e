package io.github.fallbackllm.gateway.responses;

import java.util.ArrayList;
import java.util.List;

import io.github.fallbackllm.chat.ChatMessage;
import io.github.fallbackllm.chat.ChatRole;
import io.github.fallbackllm.chat.ContentPart;
import io.github.fallbackllm.chat.ToolCall;
import io.github.fallbackllm.gateway.ImageUrls;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import static io.github.fallbackllm.gateway.responses.ResponsesRequest.present;
import static io.github.fallbackllm.gateway.responses.ResponsesRequest.summary;
import static io.github.fallbackllm.gateway.responses.ResponsesRequestException.INVALID_VALUE;
import static io.github.fallbackllm.gateway.responses.ResponsesRequestException.UNSUPPORTED;

/**
 * Reads the {@code input} of a Responses request into messages: a string is one user
 * message; an array holds messages, {@code function_call} items (which join the assistant
 * message before them, as one assistant turn may call several tools) and
 * {@code function_call_output} items. {@code reasoning} items are skipped: they are
 * opaque to every model but the one that wrote them. Items that need OpenAI's server
 * (item references, built-in tool calls) are rejected.
 *
 * @author Fallback LLM contributors
 */
final class ResponsesInput {

	private static final String ROLES = "user, assistant, system or developer";

	private ResponsesInput() {
	}

	static List<ChatMessage> read(@Nullable JsonNode input, ImageUrls images) {
		if (present(input) == null) {
			throw new ResponsesRequestException("input", INVALID_VALUE,
					"input is missing; send a string or an array of input items");
		}
		if (input.isString()) {
			return List.of(ChatMessage.user(input.asString()));
		}
		if (!input.isArray()) {
			throw new ResponsesRequestException("input", INVALID_VALUE,
					"input must be a string or an array of input items (got " + summary(input) + ")");
		}
		List<ChatMessage> messages = new ArrayList<>(input.size());
		for (int i = 0; i < input.size(); i++) {
			JsonNode item = input.get(i);
			String name = "input[" + i + "]";
			if (!item.isObject()) {
				throw new ResponsesRequestException(name, INVALID_VALUE,
						name + " must be an object (got " + summary(item) + ")");
			}
			String type = item.path("type").asString("message");
			switch (type) {
				case "message" -> messages.add(message(item, name, images));
				case "function_call" -> addToolCall(messages, toolCall(item, name));
				case "function_call_output" -> messages.add(new ChatMessage(ChatRole.TOOL,
						List.of(ContentPart.text(output(item.get("output"), name + ".output"))), List.of(),
						string(item.get("call_id"), name + ".call_id"), false));
				case "reasoning" -> {
					// Opaque to any other model; dropping it is what a stateless client
					// gets from OpenAI too when the reasoning is not re-sent.
				}
				case "item_reference" -> throw new ResponsesRequestException(name, UNSUPPORTED,
						name + " is an item_reference, which needs OpenAI's stored items; send the item itself");
				default -> throw new ResponsesRequestException(name + ".type", UNSUPPORTED,
						name + " has type '" + type + "', which this gateway does not support; send message, "
								+ "function_call or function_call_output items");
			}
		}
		return messages;
	}

	/**
	 * Add a tool call to the assistant turn that the conversation ends with, or start
	 * one.
	 */
	private static void addToolCall(List<ChatMessage> messages, ToolCall call) {
		int last = messages.size() - 1;
		if (last >= 0 && messages.get(last).role() == ChatRole.ASSISTANT) {
			ChatMessage turn = messages.get(last);
			List<ToolCall> calls = new ArrayList<>(turn.toolCalls());
			calls.add(call);
			messages.set(last, new ChatMessage(ChatRole.ASSISTANT, turn.parts(), calls, null, false));
		}
		else {
			messages.add(new ChatMessage(ChatRole.ASSISTANT, List.of(), List.of(call), null, false));
		}
	}

	private static ToolCall toolCall(JsonNode item, String name) {
		JsonNode arguments = present(item.get("arguments"));
		return new ToolCall(string(item.get("call_id"), name + ".call_id"), string(item.get("name"), name + ".name"),
				(arguments != null) ? string(arguments, name + ".arguments") : "");
	}

	private static ChatMessage message(JsonNode item, String name, ImageUrls images) {
		ChatRole role = role(item.get("role"), name);
		JsonNode content = present(item.get("content"));
		if (content == null) {
			throw new ResponsesRequestException(name + ".content", INVALID_VALUE,
					name + ".content is missing; send a string or an array of content parts");
		}
		if (content.isString()) {
			return new ChatMessage(role, content.asString());
		}
		if (!content.isArray()) {
			throw new ResponsesRequestException(name + ".content", INVALID_VALUE,
					name + ".content must be a string or an array of content parts (got " + summary(content) + ")");
		}
		List<ContentPart> parts = new ArrayList<>(content.size());
		for (int j = 0; j < content.size(); j++) {
			parts.add(part(content.get(j), role, name + ".content[" + j + "]", images));
		}
		return new ChatMessage(role, joinedText(parts), List.of(), null, false);
	}

	private static ContentPart part(JsonNode part, ChatRole role, String name, ImageUrls images) {
		String type = part.path("type").asString("");
		switch (type) {
			case "input_text", "output_text" -> {
				return ContentPart.text(string(part.get("text"), name + ".text"));
			}
			case "refusal" -> {
				return ContentPart.text(string(part.get("refusal"), name + ".refusal"));
			}
			case "input_image" -> {
				if (role != ChatRole.USER) {
					throw new ResponsesRequestException(name, INVALID_VALUE,
							name + " is an image; only user messages carry images");
				}
				if (present(part.get("file_id")) != null) {
					throw new ResponsesRequestException(name + ".file_id", UNSUPPORTED,
							name + ".file_id needs OpenAI's file storage; send image_url as an https or data: URL");
				}
				return images.image(string(part.get("image_url"), name + ".image_url"), name + ".image_url");
			}
			default -> throw new ResponsesRequestException(name + ".type", UNSUPPORTED, name + " has type '" + type
					+ "', which this gateway does not support; send input_text or input_image parts");
		}
	}

	/** Text alone is joined, as every provider reads it the same either way. */
	private static List<ContentPart> joinedText(List<ContentPart> parts) {
		if (parts.size() < 2 || !parts.stream().allMatch(ContentPart.Text.class::isInstance)) {
			return parts;
		}
		StringBuilder text = new StringBuilder();
		parts.forEach((part) -> text.append(((ContentPart.Text) part).text()));
		return List.of(ContentPart.text(text.toString()));
	}

	/** A tool's output: a string, or text parts, joined. */
	private static String output(@Nullable JsonNode output, String name) {
		if (output != null && output.isString()) {
			return output.asString();
		}
		if (output == null || !output.isArray()) {
			throw new ResponsesRequestException(name, INVALID_VALUE,
					name + " must be a string or an array of input_text parts (got " + summary(output) + ")");
		}
		StringBuilder text = new StringBuilder();
		for (int j = 0; j < output.size(); j++) {
			JsonNode part = output.get(j);
			if (!"input_text".equals(part.path("type").asString(""))) {
				throw new ResponsesRequestException(name + "[" + j + "]", UNSUPPORTED, name + "[" + j
						+ "] is not an input_text part (got " + summary(part) + "); tool outputs are text here");
			}
			text.append(string(part.get("text"), name + "[" + j + "].text"));
		}
		return text.toString();
	}

	/** OpenAI's "developer" role is its newer name for "system". */
	private static ChatRole role(@Nullable JsonNode role, String name) {
		String value = (role != null && role.isString()) ? role.asString() : "";
		return switch (value) {
			case "user" -> ChatRole.USER;
			case "assistant" -> ChatRole.ASSISTANT;
			case "system", "developer" -> ChatRole.SYSTEM;
			default -> throw new ResponsesRequestException(name + ".role", INVALID_VALUE,
					name + ".role must be " + ROLES + " (got " + summary(role) + ")");
		};
	}

	private static String string(@Nullable JsonNode value, String name) {
		if (present(value) == null || !value.isString()) {
			throw new ResponsesRequestException(name, INVALID_VALUE,
					name + " must be a string (got " + summary(value) + ")");
		}
		return value.asString();
	}

}
