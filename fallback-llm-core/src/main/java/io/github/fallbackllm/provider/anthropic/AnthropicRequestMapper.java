package io.github.fallbackllm.provider.anthropic;

import java.util.stream.Collectors;

import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.ChatMessage;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ChatRole;
import io.github.fallbackllm.chat.ContentPart;
import io.github.fallbackllm.chat.ResponseFormat;
import io.github.fallbackllm.chat.ToolCall;
import io.github.fallbackllm.chat.ToolChoice;
import io.github.fallbackllm.chat.ToolDefinition;
import io.github.fallbackllm.provider.ProviderException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a {@link ChatRequest} as an Anthropic Messages request body.
 * <ul>
 * <li>System messages become the {@code system} field.</li>
 * <li>Consecutive tool results become one user message of {@code tool_result} blocks,
 * followed by the text of a user message that comes right after them: Anthropic expects
 * every result of an assistant turn in the next user turn, before any text.</li>
 * <li>Tool-call ids pass unchanged; arguments, JSON text in the model, become the
 * {@code input} object.</li>
 * <li>A JSON response format becomes a forced tool, {@value #ANSWER_TOOL}, whose input
 * schema is the requested schema (any object for JSON mode); its input is the answer.
 * This works on every Claude model that calls tools, unlike the native JSON output, which
 * only newer models accept (send it through the extra body if you prefer it).</li>
 * <li>{@code seed} has no Anthropic equivalent and is not sent; {@code user} becomes
 * {@code metadata.user_id}.</li>
 * </ul>
 *
 * @author Fallback LLM contributors
 */
final class AnthropicRequestMapper {

	/** The tool that carries structured output. */
	static final String ANSWER_TOOL = "json_answer";

	private static final JsonMapper JSON = JsonMapper.shared();

	private AnthropicRequestMapper() {
	}

	/**
	 * Return whether the request's answer comes through the {@value #ANSWER_TOOL} tool.
	 * @param request the request
	 * @return whether it asks for JSON
	 */
	static boolean answersWithTool(ChatRequest request) {
		return request.responseFormat() != null && request.responseFormat().type() != ResponseFormat.Type.TEXT;
	}

	static ObjectNode body(String model, ChatRequest request, boolean stream) {
		int maxTokens = (request.maxTokens() != null) ? request.maxTokens() : ChatRequest.DEFAULT_MAX_TOKENS;
		ObjectNode body = JSON.createObjectNode().put("model", model).put("max_tokens", maxTokens);
		String system = request.messages()
			.stream()
			.filter((message) -> message.role() == ChatRole.SYSTEM)
			.map(ChatMessage::content)
			.collect(Collectors.joining("\n\n"));
		if (!system.isEmpty()) {
			body.put("system", system);
		}
		messages(request, body.putArray("messages"));
		if (request.temperature() != null) {
			body.put("temperature", request.temperature());
		}
		if (request.topP() != null) {
			body.put("top_p", request.topP());
		}
		if (!request.stop().isEmpty()) {
			request.stop().forEach(body.putArray("stop_sequences")::add);
		}
		if (request.user() != null) {
			body.putObject("metadata").put("user_id", request.user());
		}
		tools(request, body);
		if (stream) {
			body.put("stream", true);
		}
		return body;
	}

	private static void messages(ChatRequest request, ArrayNode messages) {
		// The content of the user turn that holds the latest tool results, while open.
		@Nullable ArrayNode results = null;
		for (ChatMessage message : request.messages()) {
			switch (message.role()) {
				case SYSTEM -> {
				}
				case TOOL -> {
					if (results == null) {
						results = messages.addObject().put("role", "user").putArray("content");
					}
					results.add(toolResult(message));
				}
				case USER -> {
					if (results != null) {
						addParts(results, message);
						results = null;
					}
					else if (message.hasImages()) {
						addParts(messages.addObject().put("role", "user").putArray("content"), message);
					}
					else {
						messages.addObject().put("role", "user").put("content", message.content());
					}
				}
				case ASSISTANT -> {
					results = null;
					messages.add(assistant(message));
				}
			}
		}
	}

	private static ObjectNode toolResult(ChatMessage message) {
		ObjectNode block = JSON.createObjectNode()
			.put("type", AnthropicFormat.TOOL_RESULT)
			.put("tool_use_id", message.toolCallId())
			.put("content", message.content());
		if (message.error()) {
			block.put("is_error", true);
		}
		return block;
	}

	private static void addParts(ArrayNode content, ChatMessage message) {
		for (ContentPart part : message.parts()) {
			if (part instanceof ContentPart.Image image) {
				ObjectNode source = content.addObject().put("type", AnthropicFormat.IMAGE).putObject("source");
				if (image.isInline()) {
					source.put("type", "base64").put("media_type", image.mediaType()).put("data", image.base64Data());
				}
				else {
					source.put("type", "url").put("url", image.url());
				}
			}
			else if (!((ContentPart.Text) part).text().isEmpty()) {
				content.addObject().put("type", AnthropicFormat.TEXT).put("text", ((ContentPart.Text) part).text());
			}
		}
	}

	private static ObjectNode assistant(ChatMessage message) {
		ObjectNode node = JSON.createObjectNode().put("role", "assistant");
		if (message.toolCalls().isEmpty()) {
			return node.put("content", message.content());
		}
		ArrayNode content = node.putArray("content");
		addParts(content, message);
		for (ToolCall call : message.toolCalls()) {
			content.addObject()
				.put("type", AnthropicFormat.TOOL_USE)
				.put("id", call.id())
				.put("name", call.name())
				.set("input", input(call));
		}
		return node;
	}

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
		throw ProviderException.of(AttemptOutcome.BAD_REQUEST, "the arguments of tool call '" + call.id()
				+ "' are not a JSON object, which Anthropic needs as the call's input");
	}

	private static void tools(ChatRequest request, ObjectNode body) {
		boolean answerTool = answersWithTool(request);
		if (request.tools().isEmpty() && !answerTool) {
			return;
		}
		ArrayNode tools = body.putArray("tools");
		request.tools().forEach((tool) -> tools.add(tool(tool)));
		if (answerTool) {
			tools.add(answerTool(request.responseFormat()));
		}
		ObjectNode choice = toolChoice(request, answerTool);
		if (Boolean.FALSE.equals(request.parallelToolCalls())) {
			choice = (choice != null) ? choice : JSON.createObjectNode().put("type", "auto");
			if (!"none".equals(choice.path("type").asString(""))) {
				choice.put("disable_parallel_tool_use", true);
			}
		}
		if (choice != null) {
			body.set("tool_choice", choice);
		}
	}

	private static @Nullable ObjectNode toolChoice(ChatRequest request, boolean answerTool) {
		ToolChoice choice = request.toolChoice();
		ToolChoice.Mode mode = (choice != null) ? choice.mode() : null;
		if (answerTool) {
			if (mode == ToolChoice.Mode.NAMED) {
				return named(choice.name());
			}
			// With tools the model may call, it must call one of them or answer.
			return (request.tools().isEmpty() || mode == ToolChoice.Mode.NONE) ? named(ANSWER_TOOL)
					: JSON.createObjectNode().put("type", "any");
		}
		if (mode == null) {
			return null;
		}
		return switch (mode) {
			case AUTO -> JSON.createObjectNode().put("type", "auto");
			case NONE -> JSON.createObjectNode().put("type", "none");
			case REQUIRED -> JSON.createObjectNode().put("type", "any");
			case NAMED -> named(choice.name());
		};
	}

	private static ObjectNode named(@Nullable String name) {
		return JSON.createObjectNode().put("type", "tool").put("name", name);
	}

	private static ObjectNode tool(ToolDefinition tool) {
		ObjectNode node = JSON.createObjectNode().put("name", tool.name());
		if (tool.description() != null) {
			node.put("description", tool.description());
		}
		return node.set("input_schema", JSON.readTree(tool.parameters()));
	}

	private static ObjectNode answerTool(ResponseFormat format) {
		boolean schema = format.type() == ResponseFormat.Type.JSON_SCHEMA;
		ObjectNode node = JSON.createObjectNode()
			.put("name", ANSWER_TOOL)
			.put("description", "Give your final answer as this tool's input"
					+ (schema ? ", following the '" + format.name() + "' schema" : ", a JSON object") + ".");
		return node.set("input_schema",
				schema ? JSON.readTree(format.schema()) : JSON.createObjectNode().put("type", "object"));
	}

}
