package io.github.fallbackllm.redis.responses;

import java.util.ArrayList;
import java.util.List;

import io.github.fallbackllm.chat.ChatMessage;
import io.github.fallbackllm.chat.ChatRole;
import io.github.fallbackllm.chat.ContentPart;
import io.github.fallbackllm.chat.ToolCall;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stored conversation as JSON, in a format of this store's own (versioned by
 * {@code "v"}), so that it does not change with any provider's wire format: every
 * message's role, text and image parts, tool calls, the call a tool result answers and
 * whether it reports an error.
 *
 * @author Fallback LLM contributors
 */
final class ConversationJson {

	private static final JsonMapper JSON = JsonMapper.shared();

	private static final int VERSION = 1;

	private ConversationJson() {
	}

	static String write(List<ChatMessage> conversation) {
		ObjectNode root = JSON.createObjectNode();
		root.put("v", VERSION);
		ArrayNode messages = root.putArray("messages");
		for (ChatMessage message : conversation) {
			ObjectNode node = messages.addObject();
			node.put("role", message.role().name());
			ArrayNode parts = node.putArray("parts");
			for (ContentPart part : message.parts()) {
				if (part instanceof ContentPart.Text text) {
					parts.addObject().put("text", text.text());
				}
				else if (part instanceof ContentPart.Image image) {
					parts.addObject()
						.putObject("image")
						.put("url", image.url())
						.put("mediaType", image.mediaType())
						.put("data", image.base64Data());
				}
			}
			if (!message.toolCalls().isEmpty()) {
				ArrayNode calls = node.putArray("toolCalls");
				for (ToolCall call : message.toolCalls()) {
					calls.addObject().put("id", call.id()).put("name", call.name()).put("arguments", call.arguments());
				}
			}
			if (message.toolCallId() != null) {
				node.put("toolCallId", message.toolCallId());
			}
			if (message.error()) {
				node.put("error", true);
			}
		}
		return JSON.writeValueAsString(root);
	}

	/**
	 * Read a conversation written by {@link #write(List)}.
	 * @throws IllegalStateException if the value is not a conversation of this format
	 */
	static List<ChatMessage> read(String value) {
		JsonNode root = JSON.readTree(value);
		if (root == null || root.path("v").asInt(0) != VERSION || !root.path("messages").isArray()) {
			throw new IllegalStateException("The stored value is not a conversation of format " + VERSION);
		}
		List<ChatMessage> conversation = new ArrayList<>(root.path("messages").size());
		for (JsonNode node : root.path("messages")) {
			List<ContentPart> parts = new ArrayList<>(node.path("parts").size());
			for (JsonNode part : node.path("parts")) {
				JsonNode image = part.get("image");
				parts.add((image != null)
						? new ContentPart.Image(string(image, "url"), string(image, "mediaType"), string(image, "data"))
						: new ContentPart.Text(part.path("text").asString("")));
			}
			List<ToolCall> calls = new ArrayList<>(node.path("toolCalls").size());
			for (JsonNode call : node.path("toolCalls")) {
				calls.add(new ToolCall(call.path("id").asString(""), call.path("name").asString(""),
						call.path("arguments").asString("")));
			}
			conversation.add(new ChatMessage(ChatRole.valueOf(node.path("role").asString("")), parts, calls,
					string(node, "toolCallId"), node.path("error").asBoolean(false)));
		}
		return conversation;
	}

	private static @Nullable String string(JsonNode node, String name) {
		JsonNode value = node.get(name);
		return (value != null && value.isString()) ? value.asString() : null;
	}

}
