package io.github.fallbackllm.gateway.chatcompletions;

import java.util.ArrayList;
import java.util.List;

import io.github.fallbackllm.chat.ChatMessage;
import io.github.fallbackllm.chat.ChatRole;
import io.github.fallbackllm.chat.ContentPart;
import io.github.fallbackllm.chat.InvalidChatRequestException;
import io.github.fallbackllm.chat.ToolCall;
import io.github.fallbackllm.gateway.ImageUrls;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import static io.github.fallbackllm.gateway.chatcompletions.ChatCompletionRequest.present;
import static io.github.fallbackllm.gateway.chatcompletions.ChatCompletionRequest.summary;

/**
 * Reads the {@code messages} of an OpenAI chat completion request: text and image parts,
 * assistant tool calls and tool results. Tool-call ids pass as they are, whichever
 * provider answers.
 *
 * @author Fallback LLM contributors
 */
final class ChatCompletionMessages {

	private static final String EXAMPLE = "{\"model\": \"any\", "
			+ "\"messages\": [{\"role\": \"user\", \"content\": \"Hello\"}]}";

	private static final String ROLES = "system, developer, user, assistant or tool";

	private ChatCompletionMessages() {
	}

	static List<ChatMessage> read(@Nullable JsonNode messages, ImageUrls images) {
		if (present(messages) == null) {
			throw new InvalidChatRequestException("messages is missing; send at least one message, as in " + EXAMPLE);
		}
		if (!messages.isArray() || messages.isEmpty()) {
			throw new InvalidChatRequestException("messages must be a non-empty array of {\"role\", \"content\"} "
					+ "objects (got " + summary(messages) + ")");
		}
		List<ChatMessage> result = new ArrayList<>(messages.size());
		for (int i = 0; i < messages.size(); i++) {
			JsonNode message = messages.get(i);
			String name = "messages[" + i + "]";
			if (!message.isObject()) {
				throw new InvalidChatRequestException(
						name + " must be an object with role and content (got " + summary(message) + ")");
			}
			result.add(message(message, name, images));
		}
		return result;
	}

	private static ChatMessage message(JsonNode message, String name, ImageUrls images) {
		ChatRole role = role(message.get("role"), name);
		JsonNode content = present(message.get("content"));
		return switch (role) {
			case TOOL -> new ChatMessage(role, List.of(ContentPart.text(text(content, name))), List.of(),
					string(message.get("tool_call_id"), name + ".tool_call_id"), false);
			case ASSISTANT -> {
				List<ToolCall> toolCalls = toolCalls(message.get("tool_calls"), name);
				// OpenAI's own assistant messages carry null content beside tool calls.
				List<ContentPart> parts = (content == null && !toolCalls.isEmpty()) ? List.of()
						: List.of(ContentPart.text(text(content, name)));
				yield new ChatMessage(role, parts, toolCalls, null, false);
			}
			case USER -> new ChatMessage(role, parts(content, name, images), List.of(), null, false);
			case SYSTEM -> new ChatMessage(role, text(content, name));
		};
	}

	/** OpenAI's "developer" role is its newer name for "system". */
	private static ChatRole role(@Nullable JsonNode role, String message) {
		if (role == null || !role.isString()) {
			throw new InvalidChatRequestException(message + ".role is missing; use " + ROLES);
		}
		if ("developer".equals(role.asString())) {
			return ChatRole.SYSTEM;
		}
		try {
			return ChatRole.of(role.asString());
		}
		catch (InvalidChatRequestException ex) {
			throw new InvalidChatRequestException(
					message + ".role '" + role.asString() + "' is not supported; use " + ROLES);
		}
	}

	/** Content of text only: a string, or an array of text parts, joined. */
	private static String text(@Nullable JsonNode content, String message) {
		if (content != null && content.isString()) {
			return content.asString();
		}
		requireArray(content, message, "text parts");
		StringBuilder text = new StringBuilder();
		for (int j = 0; j < content.size(); j++) {
			JsonNode part = content.get(j);
			if (!isText(part)) {
				throw new InvalidChatRequestException(message + ".content[" + j + "] is not a text part (got "
						+ summary(part) + "); only {\"type\": \"text\", \"text\": \"...\"} parts are supported here");
			}
			text.append(part.path("text").asString());
		}
		return text.toString();
	}

	/**
	 * User content: a string, or text and image parts. Text alone is joined, as every
	 * provider reads it the same either way.
	 */
	private static List<ContentPart> parts(@Nullable JsonNode content, String message, ImageUrls images) {
		if (content == null || content.isString() || (content.isArray() && allText(content))) {
			return List.of(ContentPart.text(text(content, message)));
		}
		requireArray(content, message, "text and image parts");
		List<ContentPart> parts = new ArrayList<>(content.size());
		for (int j = 0; j < content.size(); j++) {
			JsonNode part = content.get(j);
			String name = message + ".content[" + j + "]";
			if (isText(part)) {
				parts.add(ContentPart.text(part.path("text").asString()));
			}
			else if ("image_url".equals(part.path("type").asString(""))) {
				String field = name + ".image_url.url";
				parts.add(images.image(string(part.path("image_url").get("url"), field), field));
			}
			else {
				throw new InvalidChatRequestException(name + " is not a text or image part (got " + summary(part)
						+ "); audio and file parts are not supported by this gateway");
			}
		}
		return parts;
	}

	private static List<ToolCall> toolCalls(@Nullable JsonNode calls, String message) {
		if (present(calls) == null) {
			return List.of();
		}
		if (!calls.isArray()) {
			throw new InvalidChatRequestException(
					message + ".tool_calls must be an array of function calls (got " + summary(calls) + ")");
		}
		List<ToolCall> result = new ArrayList<>(calls.size());
		for (int k = 0; k < calls.size(); k++) {
			JsonNode call = calls.get(k);
			String name = message + ".tool_calls[" + k + "]";
			JsonNode function = call.path("function");
			JsonNode arguments = present(function.get("arguments"));
			result.add(new ToolCall(string(call.get("id"), name + ".id"),
					string(function.get("name"), name + ".function.name"),
					(arguments != null) ? string(arguments, name + ".function.arguments") : ""));
		}
		return result;
	}

	private static String string(@Nullable JsonNode value, String name) {
		if (present(value) == null || !value.isString()) {
			throw new InvalidChatRequestException(name + " must be a string (got " + summary(value) + ")");
		}
		return value.asString();
	}

	private static void requireArray(@Nullable JsonNode content, String message, String parts) {
		if (content == null || !content.isArray()) {
			throw new InvalidChatRequestException(
					message + ".content must be a string or an array of " + parts + " (got " + summary(content) + ")");
		}
	}

	private static boolean allText(JsonNode content) {
		for (JsonNode part : content) {
			if (!isText(part)) {
				return false;
			}
		}
		return true;
	}

	private static boolean isText(JsonNode part) {
		return "text".equals(part.path("type").asString("")) && part.path("text").isString();
	}

}
