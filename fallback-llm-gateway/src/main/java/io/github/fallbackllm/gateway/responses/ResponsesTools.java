package io.github.fallbackllm.gateway.responses;

import java.util.ArrayList;
import java.util.List;

import io.github.fallbackllm.chat.ResponseFormat;
import io.github.fallbackllm.chat.ToolChoice;
import io.github.fallbackllm.chat.ToolDefinition;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import static io.github.fallbackllm.gateway.responses.ResponsesRequest.present;
import static io.github.fallbackllm.gateway.responses.ResponsesRequest.summary;
import static io.github.fallbackllm.gateway.responses.ResponsesRequestException.INVALID_VALUE;
import static io.github.fallbackllm.gateway.responses.ResponsesRequestException.UNSUPPORTED;

/**
 * Reads {@code tools}, {@code tool_choice} and {@code text.format} of a Responses
 * request. Function tools are flat ({@code {"type": "function", "name", ...}}), unlike
 * Chat Completions'. OpenAI's built-in tools run on OpenAI's servers, which no other
 * provider has, so they are refused with a 400 rather than dropped. Per-function
 * {@code strict} is not forwarded: Anthropic has no equivalent, and the route may answer
 * from either format.
 *
 * @author Fallback LLM contributors
 */
final class ResponsesTools {

	private static final String FUNCTION_TOOL = "{\"type\": \"function\", \"name\": \"...\", \"parameters\": {...}}";

	private ResponsesTools() {
	}

	static List<ToolDefinition> tools(@Nullable JsonNode tools) {
		if (present(tools) == null) {
			return List.of();
		}
		if (!tools.isArray()) {
			throw new ResponsesRequestException("tools", INVALID_VALUE,
					"tools must be an array of " + FUNCTION_TOOL + " objects (got " + summary(tools) + ")");
		}
		List<ToolDefinition> result = new ArrayList<>(tools.size());
		for (int i = 0; i < tools.size(); i++) {
			JsonNode tool = tools.get(i);
			String name = "tools[" + i + "]";
			String type = tool.path("type").asString("");
			if (!"function".equals(type)) {
				throw new ResponsesRequestException(name + ".type", UNSUPPORTED,
						name + " is a '" + type + "' tool, which runs on OpenAI's servers and is not supported by "
								+ "this gateway (built-in tools such as web_search, file_search and computer_use "
								+ "are not); define a function tool instead, " + FUNCTION_TOOL);
			}
			JsonNode parameters = present(tool.get("parameters"));
			if (parameters != null && !parameters.isObject()) {
				throw new ResponsesRequestException(name + ".parameters", INVALID_VALUE,
						name + ".parameters must be a JSON schema object (got " + summary(parameters) + ")");
			}
			JsonNode description = present(tool.get("description"));
			result.add(new ToolDefinition(tool.path("name").asString(""),
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
		String name = choice.path("name").asString("");
		if (!"function".equals(choice.path("type").asString("")) || name.isEmpty()) {
			throw invalidToolChoice(choice);
		}
		return ToolChoice.named(name);
	}

	/** The {@code format} of the {@code text} settings: flat, like the tools. */
	static @Nullable ResponseFormat format(@Nullable JsonNode text) {
		if (present(text) == null) {
			return null;
		}
		if (!text.isObject()) {
			throw new ResponsesRequestException("text", INVALID_VALUE,
					"text must be an object such as {\"format\": {\"type\": \"text\"}} (got " + summary(text) + ")");
		}
		JsonNode format = present(text.get("format"));
		if (format == null) {
			return null;
		}
		return switch (format.path("type").asString("")) {
			case "text" -> ResponseFormat.TEXT;
			case "json_object" -> ResponseFormat.JSON_OBJECT;
			case "json_schema" -> {
				if (!format.path("schema").isObject()) {
					throw new ResponsesRequestException("text.format.schema", INVALID_VALUE,
							"text.format.schema must be a JSON schema object (got " + summary(format.get("schema"))
									+ ")");
				}
				yield ResponseFormat.jsonSchema(format.path("name").asString(""), format.path("schema").toString(),
						format.path("strict").asBoolean(false));
			}
			default -> throw new ResponsesRequestException("text.format.type", UNSUPPORTED,
					"text.format " + summary(format) + " is not supported; use {\"type\": \"text\"}, "
							+ "{\"type\": \"json_object\"} or {\"type\": \"json_schema\", \"name\", \"schema\"}");
		};
	}

	private static ResponsesRequestException invalidToolChoice(JsonNode choice) {
		return new ResponsesRequestException("tool_choice", UNSUPPORTED,
				"tool_choice must be \"auto\", \"none\", \"required\" or {\"type\": \"function\", \"name\": \"...\"} "
						+ "(got " + summary(choice) + "); built-in tools are not supported by this gateway");
	}

}
