package io.github.fallbackllm.gateway.messages;

import java.util.ArrayList;
import java.util.List;

import io.github.fallbackllm.chat.ChatMessage;
import io.github.fallbackllm.chat.ChatRole;
import io.github.fallbackllm.chat.ContentPart;
import io.github.fallbackllm.chat.InvalidChatRequestException;
import io.github.fallbackllm.chat.ToolCall;
import io.github.fallbackllm.gateway.ImageUrls;
import io.github.fallbackllm.provider.anthropic.AnthropicFormat;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import static io.github.fallbackllm.gateway.messages.MessagesRequest.present;
import static io.github.fallbackllm.gateway.messages.MessagesRequest.string;
import static io.github.fallbackllm.gateway.messages.MessagesRequest.summary;

/**
 * Reads the {@code system} prompt and the {@code messages} of a Messages request into the
 * chain's conversation.
 * <ul>
 * <li>Each system text block becomes a system message.</li>
 * <li>A user message's {@code tool_result} blocks become tool results, in order, followed
 * by one user message of its text and images: Anthropic requires the results first, and
 * the chain keeps them next to the calls they answer.</li>
 * <li>An assistant message's {@code tool_use} blocks become its tool calls, with their
 * ids unchanged and their {@code input} as JSON text.</li>
 * <li>{@code thinking} and {@code redacted_thinking} blocks of earlier turns are left
 * out: their signatures are valid for one Anthropic model only, and the answer may come
 * from another.</li>
 * </ul>
 *
 * @author Fallback LLM contributors
 */
final class MessagesContent {

	private static final String BLOCKS = "\"text\", \"image\", \"tool_use\" and \"tool_result\"";

	private MessagesContent() {
	}

	static List<ChatMessage> read(@Nullable JsonNode system, @Nullable JsonNode messages, ImageUrls images) {
		if (present(messages) == null) {
			throw new InvalidChatRequestException(
					"messages is missing; send at least one message, as in " + MessagesRequest.EXAMPLE);
		}
		if (!messages.isArray() || messages.isEmpty()) {
			throw new InvalidChatRequestException("messages must be a non-empty array of {\"role\", \"content\"} "
					+ "objects (got " + summary(messages) + ")");
		}
		List<ChatMessage> result = new ArrayList<>(messages.size() + 1);
		system(system, result);
		for (int i = 0; i < messages.size(); i++) {
			JsonNode message = messages.get(i);
			String name = "messages[" + i + "]";
			if (!message.isObject()) {
				throw new InvalidChatRequestException(
						name + " must be an object with role and content (got " + summary(message) + ")");
			}
			JsonNode content = present(message.get("content"));
			if (content == null || !(content.isString() || content.isArray())) {
				throw new InvalidChatRequestException(name
						+ ".content must be a string or an array of content blocks (got " + summary(content) + ")");
			}
			String role = message.path("role").asString("");
			switch (role) {
				case "user" -> user(content, name, images, result);
				case "assistant" -> result.add(assistant(content, name));
				default -> throw new InvalidChatRequestException(name + ".role must be \"user\" or \"assistant\" (got "
						+ summary(message.get("role")) + ")"
						+ ("system".equals(role) ? "; send the system prompt in the top-level \"system\" field" : ""));
			}
		}
		return result;
	}

	private static void system(@Nullable JsonNode system, List<ChatMessage> result) {
		if (present(system) == null) {
			return;
		}
		if (system.isString()) {
			if (!system.asString().isEmpty()) {
				result.add(ChatMessage.system(system.asString()));
			}
			return;
		}
		if (!system.isArray()) {
			throw new InvalidChatRequestException(
					"system must be a string or an array of text blocks (got " + summary(system) + ")");
		}
		for (int i = 0; i < system.size(); i++) {
			result.add(ChatMessage.system(text(system.get(i), "system[" + i + "]")));
		}
	}

	private static void user(JsonNode content, String name, ImageUrls images, List<ChatMessage> result) {
		if (content.isString()) {
			result.add(ChatMessage.user(content.asString()));
			return;
		}
		List<ContentPart> parts = new ArrayList<>(content.size());
		for (int j = 0; j < content.size(); j++) {
			JsonNode block = content.get(j);
			String blockName = name + ".content[" + j + "]";
			switch (block.path("type").asString("")) {
				case AnthropicFormat.TEXT -> parts.add(ContentPart.text(text(block, blockName)));
				case AnthropicFormat.IMAGE -> parts.add(image(block, blockName, images));
				case AnthropicFormat.TOOL_RESULT -> result.add(toolResult(block, blockName));
				default -> throw unsupportedBlock(block, blockName);
			}
		}
		if (!parts.isEmpty()) {
			result.add(new ChatMessage(ChatRole.USER, parts, List.of(), null, false));
		}
	}

	private static ChatMessage assistant(JsonNode content, String name) {
		if (content.isString()) {
			return ChatMessage.assistant(content.asString());
		}
		List<ContentPart> parts = new ArrayList<>(1);
		List<ToolCall> toolCalls = new ArrayList<>();
		for (int j = 0; j < content.size(); j++) {
			JsonNode block = content.get(j);
			String blockName = name + ".content[" + j + "]";
			switch (block.path("type").asString("")) {
				case AnthropicFormat.TEXT -> parts.add(ContentPart.text(text(block, blockName)));
				case AnthropicFormat.TOOL_USE -> toolCalls.add(toolUse(block, blockName));
				case "thinking", "redacted_thinking" -> {
				}
				default -> throw unsupportedBlock(block, blockName);
			}
		}
		return new ChatMessage(ChatRole.ASSISTANT, parts, toolCalls, null, false);
	}

	private static ToolCall toolUse(JsonNode block, String name) {
		JsonNode input = present(block.get("input"));
		if (input != null && !input.isObject()) {
			throw new InvalidChatRequestException(name + ".input must be an object (got " + summary(input) + ")");
		}
		return new ToolCall(string(block.get("id"), name + ".id"), string(block.get("name"), name + ".name"),
				(input != null) ? input.toString() : "{}");
	}

	private static ChatMessage toolResult(JsonNode block, String name) {
		String id = string(block.get("tool_use_id"), name + ".tool_use_id");
		JsonNode content = present(block.get("content"));
		List<ContentPart> parts = new ArrayList<>(1);
		if (content == null) {
			parts.add(ContentPart.text(""));
		}
		else if (content.isString()) {
			parts.add(ContentPart.text(content.asString()));
		}
		else if (content.isArray()) {
			for (int k = 0; k < content.size(); k++) {
				JsonNode part = content.get(k);
				String partName = name + ".content[" + k + "]";
				if (!AnthropicFormat.TEXT.equals(part.path("type").asString(""))) {
					throw new InvalidChatRequestException(partName + " is not a text block (got " + summary(part)
							+ "); tool results of text only are supported by this gateway");
				}
				parts.add(ContentPart.text(text(part, partName)));
			}
		}
		else {
			throw new InvalidChatRequestException(
					name + ".content must be a string or an array of text blocks (got " + summary(content) + ")");
		}
		JsonNode isError = present(block.get("is_error"));
		if (isError != null && !isError.isBoolean()) {
			throw new InvalidChatRequestException(
					name + ".is_error must be true or false (got " + summary(isError) + ")");
		}
		return new ChatMessage(ChatRole.TOOL, parts, List.of(), id, isError != null && isError.asBoolean());
	}

	private static String text(JsonNode block, String name) {
		if (!AnthropicFormat.TEXT.equals(block.path("type").asString("")) || !block.path("text").isString()) {
			throw new InvalidChatRequestException(name
					+ " must be a text block {\"type\": \"text\", \"text\": \"...\"} (got " + summary(block) + ")");
		}
		return block.path("text").asString();
	}

	/** An image by base64 data, or by a URL that {@link ImageUrls} accepts. */
	private static ContentPart image(JsonNode block, String name, ImageUrls images) {
		JsonNode source = block.path("source");
		return switch (source.path("type").asString("")) {
			case "base64" -> new ContentPart.Image(null, string(source.get("media_type"), name + ".source.media_type"),
					string(source.get("data"), name + ".source.data"));
			case "url" -> images.image(string(source.get("url"), name + ".source.url"), name + ".source.url");
			default -> throw new InvalidChatRequestException(name + ".source must be {\"type\": \"base64\", "
					+ "\"media_type\", \"data\"} or {\"type\": \"url\", \"url\"} (got " + summary(source) + ")");
		};
	}

	private static InvalidChatRequestException unsupportedBlock(JsonNode block, String name) {
		return new InvalidChatRequestException(name + " is a content block this gateway does not support (got "
				+ summary(block) + "); it supports " + BLOCKS + " blocks");
	}

}
