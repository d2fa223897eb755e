package io.github.fallbackllm.provider.openai;

import io.github.fallbackllm.chat.ChatMessage;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ContentPart;
import io.github.fallbackllm.chat.ResponseFormat;
import io.github.fallbackllm.chat.ToolCall;
import io.github.fallbackllm.chat.ToolChoice;
import io.github.fallbackllm.chat.ToolDefinition;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a {@link ChatRequest} as an OpenAI chat completion request body. Tool-call ids,
 * arguments and results pass as they are; a tool result's error flag has no OpenAI field,
 * so it is carried by the result's text alone.
 *
 * @author Fallback LLM contributors
 */
final class OpenAiRequestMapper {

	private static final JsonMapper JSON = JsonMapper.shared();

	private OpenAiRequestMapper() {
	}

	static ObjectNode body(String model, ChatRequest request, boolean stream) {
		ObjectNode body = JSON.createObjectNode().put("model", model);
		ArrayNode messages = body.putArray("messages");
		request.messages().forEach((message) -> messages.add(message(message)));
		putIfSet(body, "temperature", request.temperature());
		putIfSet(body, "top_p", request.topP());
		if (request.maxTokens() != null) {
			body.put("max_completion_tokens", request.maxTokens());
		}
		if (!request.stop().isEmpty()) {
			request.stop().forEach(body.putArray("stop")::add);
		}
		if (request.seed() != null) {
			body.put("seed", request.seed());
		}
		if (request.user() != null) {
			body.put("user", request.user());
		}
		if (!request.tools().isEmpty()) {
			ArrayNode tools = body.putArray("tools");
			request.tools().forEach((tool) -> tools.add(tool(tool)));
		}
		if (request.toolChoice() != null) {
			body.set("tool_choice", toolChoice(request.toolChoice()));
		}
		if (request.parallelToolCalls() != null) {
			body.put("parallel_tool_calls", request.parallelToolCalls());
		}
		if (request.responseFormat() != null && request.responseFormat().type() != ResponseFormat.Type.TEXT) {
			body.set("response_format", responseFormat(request.responseFormat()));
		}
		if (stream) {
			body.put("stream", true);
			body.putObject("stream_options").put("include_usage", true);
		}
		return body;
	}

	private static ObjectNode message(ChatMessage message) {
		ObjectNode node = JSON.createObjectNode().put("role", message.role().wireName());
		switch (message.role()) {
			case TOOL -> node.put("tool_call_id", message.toolCallId()).put("content", message.content());
			case ASSISTANT -> {
				if (message.toolCalls().isEmpty()) {
					node.put("content", message.content());
				}
				else {
					// OpenAI's own assistant messages carry null content beside tool
					// calls.
					String content = message.content();
					if (content.isEmpty()) {
						node.putNull("content");
					}
					else {
						node.put("content", content);
					}
					ArrayNode calls = node.putArray("tool_calls");
					message.toolCalls().forEach((call) -> calls.add(toolCall(call)));
				}
			}
			default -> {
				if (message.hasImages()) {
					ArrayNode parts = node.putArray("content");
					message.parts().forEach((part) -> parts.add(part(part)));
				}
				else {
					node.put("content", message.content());
				}
			}
		}
		return node;
	}

	private static ObjectNode part(ContentPart part) {
		if (part instanceof ContentPart.Image image) {
			String url = image.isInline() ? "data:" + image.mediaType() + ";base64," + image.base64Data() : image.url();
			ObjectNode node = JSON.createObjectNode().put("type", "image_url");
			node.putObject("image_url").put("url", url);
			return node;
		}
		return JSON.createObjectNode().put("type", "text").put("text", ((ContentPart.Text) part).text());
	}

	private static ObjectNode toolCall(ToolCall call) {
		ObjectNode node = JSON.createObjectNode().put("id", call.id()).put("type", "function");
		node.putObject("function").put("name", call.name()).put("arguments", call.arguments());
		return node;
	}

	private static ObjectNode tool(ToolDefinition tool) {
		ObjectNode node = JSON.createObjectNode().put("type", "function");
		ObjectNode function = node.putObject("function").put("name", tool.name());
		if (tool.description() != null) {
			function.put("description", tool.description());
		}
		function.set("parameters", JSON.readTree(tool.parameters()));
		return node;
	}

	private static JsonNode toolChoice(ToolChoice choice) {
		return switch (choice.mode()) {
			case AUTO -> JSON.getNodeFactory().stringNode("auto");
			case NONE -> JSON.getNodeFactory().stringNode("none");
			case REQUIRED -> JSON.getNodeFactory().stringNode("required");
			case NAMED -> {
				ObjectNode node = JSON.createObjectNode().put("type", "function");
				node.putObject("function").put("name", choice.name());
				yield node;
			}
		};
	}

	private static ObjectNode responseFormat(ResponseFormat format) {
		if (format.type() == ResponseFormat.Type.JSON_OBJECT) {
			return JSON.createObjectNode().put("type", "json_object");
		}
		ObjectNode node = JSON.createObjectNode().put("type", "json_schema");
		ObjectNode schema = node.putObject("json_schema").put("name", format.name());
		schema.set("schema", JSON.readTree(format.schema()));
		schema.put("strict", format.strict());
		return node;
	}

	private static void putIfSet(ObjectNode body, String name, @Nullable Double value) {
		if (value != null) {
			body.put(name, value);
		}
	}

}
