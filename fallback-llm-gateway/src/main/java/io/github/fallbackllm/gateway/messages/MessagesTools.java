package io.github.fallbackllm.gateway.messages;

import java.util.ArrayList;
import java.util.List;

import io.github.fallbackllm.chat.InvalidChatRequestException;
import io.github.fallbackllm.chat.ToolChoice;
import io.github.fallbackllm.chat.ToolDefinition;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import static io.github.fallbackllm.gateway.messages.MessagesRequest.present;
import static io.github.fallbackllm.gateway.messages.MessagesRequest.string;
import static io.github.fallbackllm.gateway.messages.MessagesRequest.summary;

/**
 * Reads {@code tools} and {@code tool_choice} of a Messages request. Only client tools
 * ({@code name}, {@code description}, {@code input_schema}) are supported: Anthropic's
 * server tools (web search, code execution, computer use, ...) run on Anthropic's side,
 * and another provider could not run them, so they get a 400 rather than a tool that is
 * silently missing.
 *
 * @author Fallback LLM contributors
 */
final class MessagesTools {

	private MessagesTools() {
	}

	static List<ToolDefinition> tools(@Nullable JsonNode tools) {
		if (present(tools) == null) {
			return List.of();
		}
		if (!tools.isArray()) {
			throw new InvalidChatRequestException("tools must be an array of {\"name\", \"description\", "
					+ "\"input_schema\"} objects (got " + summary(tools) + ")");
		}
		List<ToolDefinition> result = new ArrayList<>(tools.size());
		for (int i = 0; i < tools.size(); i++) {
			JsonNode tool = tools.get(i);
			String name = "tools[" + i + "]";
			JsonNode type = present(tool.get("type"));
			if (!tool.isObject() || (type != null && !"custom".equals(type.asString("")))) {
				throw new InvalidChatRequestException(name + " is not a client tool (got " + summary(tool)
						+ "); only tools with a name and an input_schema are supported, not Anthropic's server tools");
			}
			JsonNode schema = present(tool.get("input_schema"));
			if (schema == null || !schema.isObject()) {
				throw new InvalidChatRequestException(
						name + ".input_schema must be a JSON schema object (got " + summary(schema) + ")");
			}
			JsonNode description = present(tool.get("description"));
			result.add(new ToolDefinition(string(tool.get("name"), name + ".name"),
					(description != null) ? string(description, name + ".description") : null, schema.toString()));
		}
		return result;
	}

	static @Nullable ToolChoice toolChoice(@Nullable JsonNode choice) {
		if (present(choice) == null) {
			return null;
		}
		return switch (choice.path("type").asString("")) {
			case "auto" -> ToolChoice.AUTO;
			case "any" -> ToolChoice.REQUIRED;
			case "none" -> ToolChoice.NONE;
			case "tool" -> ToolChoice.named(string(choice.get("name"), "tool_choice.name"));
			default -> throw new InvalidChatRequestException("tool_choice must be {\"type\": \"auto\"}, "
					+ "{\"type\": \"any\"}, {\"type\": \"none\"} or {\"type\": \"tool\", \"name\": \"...\"} (got "
					+ summary(choice) + ")");
		};
	}

	/** {@code tool_choice.disable_parallel_tool_use}, the opposite of parallel calls. */
	static @Nullable Boolean parallelToolCalls(@Nullable JsonNode choice) {
		JsonNode disable = (present(choice) != null) ? present(choice.get("disable_parallel_tool_use")) : null;
		if (disable == null) {
			return null;
		}
		if (!disable.isBoolean()) {
			throw new InvalidChatRequestException(
					"tool_choice.disable_parallel_tool_use must be true or false (got " + summary(disable) + ")");
		}
		return !disable.asBoolean();
	}

}
