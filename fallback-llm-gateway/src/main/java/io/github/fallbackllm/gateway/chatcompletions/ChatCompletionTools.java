package io.github.fallbackllm.gateway.chatcompletions;

import java.util.ArrayList;
import java.util.List;

import io.github.fallbackllm.chat.InvalidChatRequestException;
import io.github.fallbackllm.chat.ResponseFormat;
import io.github.fallbackllm.chat.ToolChoice;
import io.github.fallbackllm.chat.ToolDefinition;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import static io.github.fallbackllm.gateway.chatcompletions.ChatCompletionRequest.present;
import static io.github.fallbackllm.gateway.chatcompletions.ChatCompletionRequest.summary;

/**
 * Reads {@code tools}, {@code tool_choice} and {@code response_format} of an OpenAI chat
 * completion request. Per-function {@code strict} is not forwarded: Anthropic has no
 * equivalent, and the chain may answer from either format.
 *
 * @author Fallback LLM contributors
 */
final class ChatCompletionTools {

	private ChatCompletionTools() {
	}

	static List<ToolDefinition> tools(@Nullable JsonNode tools) {
		if (present(tools) == null) {
			return List.of();
		}
		if (!tools.isArray()) {
			throw new InvalidChatRequestException("tools must be an array of {\"type\": \"function\", \"function\": "
					+ "{...}} objects (got " + summary(tools) + ")");
		}
		List<ToolDefinition> result = new ArrayList<>(tools.size());
		for (int i = 0; i < tools.size(); i++) {
			JsonNode tool = tools.get(i);
			String name = "tools[" + i + "]";
			if (!"function".equals(tool.path("type").asString("")) || !tool.path("function").isObject()) {
				throw new InvalidChatRequestException(name + " is not a function tool (got " + summary(tool)
						+ "); only {\"type\": \"function\", \"function\": {...}} tools are supported");
			}
			JsonNode function = tool.path("function");
			JsonNode parameters = present(function.get("parameters"));
			if (parameters != null && !parameters.isObject()) {
				throw new InvalidChatRequestException(
						name + ".function.parameters must be a JSON schema object (got " + summary(parameters) + ")");
			}
			JsonNode description = present(function.get("description"));
			result.add(new ToolDefinition(function.path("name").asString(""),
					(description != null) ? description.asString() : null,
					(parameters != null) ? parameters.toString() : null));
		}
		return result;
	}

	static @Nullable ToolChoice toolChoice(@Nullable JsonNode choice) {
		if (present(choice) == null) {
			return null;
		}
		if (choice.isString()) {
			return switch (choice.asString()) {
				case "auto" -> ToolChoice.AUTO;
				case "none" -> ToolChoice.NONE;
				case "required" -> ToolChoice.REQUIRED;
				default -> throw invalidToolChoice(choice);
			};
		}
		String name = choice.path("function").path("name").asString("");
		if (!"function".equals(choice.path("type").asString("")) || name.isEmpty()) {
			throw invalidToolChoice(choice);
		}
		return ToolChoice.named(name);
	}

	static @Nullable ResponseFormat responseFormat(@Nullable JsonNode format) {
		if (present(format) == null) {
			return null;
		}
		return switch (format.path("type").asString("")) {
			case "text" -> ResponseFormat.TEXT;
			case "json_object" -> ResponseFormat.JSON_OBJECT;
			case "json_schema" -> {
				JsonNode schema = format.path("json_schema");
				if (!schema.path("schema").isObject()) {
					throw new InvalidChatRequestException("response_format.json_schema.schema must be a JSON schema "
							+ "object (got " + summary(schema.get("schema")) + ")");
				}
				yield ResponseFormat.jsonSchema(schema.path("name").asString(""), schema.path("schema").toString(),
						schema.path("strict").asBoolean(false));
			}
			default -> throw new InvalidChatRequestException("response_format " + summary(format)
					+ " is not supported; use {\"type\": \"text\"}, {\"type\": \"json_object\"} or "
					+ "{\"type\": \"json_schema\", \"json_schema\": {\"name\", \"schema\"}}");
		};
	}

	private static InvalidChatRequestException invalidToolChoice(JsonNode choice) {
		return new InvalidChatRequestException("tool_choice must be \"auto\", \"none\", \"required\" or "
				+ "{\"type\": \"function\", \"function\": {\"name\": \"...\"}} (got " + summary(choice) + ")");
	}

}
