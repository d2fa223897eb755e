package io.github.fallbackllm.provider.bedrock;

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
 * Writes a {@link ChatRequest} as a Converse request body (the model is in the URL).
 * <ul>
 * <li>System messages become {@code system} text blocks.</li>
 * <li>Consecutive tool results become one user message of {@code toolResult} blocks,
 * followed by the text of a user message that comes right after them, as Converse wants
 * every result of an assistant turn in the next user turn.</li>
 * <li>Images go inline ({@code image.source.bytes}); Converse fetches no URL.</li>
 * <li>A JSON response format becomes a forced tool, {@value #ANSWER_TOOL}, whose input
 * schema is the requested schema; its input is the answer.</li>
 * <li>A tool choice of {@code none} has no Converse equivalent: the tools stay declared
 * (a conversation with tool calls needs them) and the model chooses.</li>
 * <li>{@code seed}, {@code user} and parallel tool calls have no Converse field.</li>
 * </ul>
 *
 * @author Fallback LLM contributors
 */
final class BedrockRequestMapper {

	/** The tool that carries structured output. */
	static final String ANSWER_TOOL = "json_answer";

	private static final JsonMapper JSON = JsonMapper.shared();

	private BedrockRequestMapper() {
	}

	static boolean answersWithTool(ChatRequest request) {
		return request.responseFormat() != null && request.responseFormat().type() != ResponseFormat.Type.TEXT;
	}

	static ObjectNode body(ChatRequest request) {
		ObjectNode body = JSON.createObjectNode();
		messages(request, body.putArray("messages"));
		ArrayNode system = JSON.createArrayNode();
		request.messages()
			.stream()
			.filter((message) -> message.role() == ChatRole.SYSTEM && !message.content().isEmpty())
			.forEach((message) -> system.addObject().put("text", message.content()));
		if (!system.isEmpty()) {
			body.set("system", system);
		}
		ObjectNode inference = JSON.createObjectNode();
		if (request.maxTokens() != null) {
			inference.put("maxTokens", request.maxTokens());
		}
		if (request.temperature() != null) {
			inference.put("temperature", request.temperature());
		}
		if (request.topP() != null) {
			inference.put("topP", request.topP());
		}
		if (!request.stop().isEmpty()) {
			request.stop().forEach(inference.putArray("stopSequences")::add);
		}
		if (!inference.isEmpty()) {
			body.set("inferenceConfig", inference);
		}
		toolConfig(request, body);
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
						results = turn(messages, "user");
					}
					results.add(toolResult(message));
				}
				case USER -> {
					addParts((results != null) ? results : turn(messages, "user"), message);
					results = null;
				}
				case ASSISTANT -> {
					results = null;
					ArrayNode content = turn(messages, "assistant");
					addParts(content, message);
					for (ToolCall call : message.toolCalls()) {
						content.addObject()
							.putObject("toolUse")
							.put("toolUseId", call.id())
							.put("name", call.name())
							.set("input", input(call));
					}
				}
			}
		}
	}

	private static ArrayNode turn(ArrayNode messages, String role) {
		return messages.addObject().put("role", role).putArray("content");
	}

	private static ObjectNode toolResult(ChatMessage message) {
		ObjectNode result = JSON.createObjectNode();
		ObjectNode toolResult = result.putObject("toolResult").put("toolUseId", message.toolCallId());
		toolResult.putArray("content").addObject().put("text", message.content());
		if (message.error()) {
			toolResult.put("status", "error");
		}
		return result;
	}

	private static void addParts(ArrayNode content, ChatMessage message) {
		for (ContentPart part : message.parts()) {
			if (part instanceof ContentPart.Image image) {
				if (!image.isInline()) {
					throw ProviderException.of(AttemptOutcome.UNSUPPORTED,
							"Bedrock takes images inline only (data: URLs), not by URL");
				}
				content.addObject()
					.putObject("image")
					.put("format", format(image.mediaType()))
					.putObject("source")
					.put("bytes", image.base64Data());
			}
			else if (!((ContentPart.Text) part).text().isEmpty()) {
				content.addObject().put("text", ((ContentPart.Text) part).text());
			}
		}
	}

	/** Converse names an image format, not a media type: {@code png}, {@code jpeg}... */
	private static String format(@Nullable String mediaType) {
		String type = (mediaType != null) ? mediaType : "";
		return type.startsWith("image/") ? type.substring("image/".length()) : type;
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
				+ "' are not a JSON object, which Bedrock needs as the call's input");
	}

	private static void toolConfig(ChatRequest request, ObjectNode body) {
		boolean answerTool = answersWithTool(request);
		if (request.tools().isEmpty() && !answerTool) {
			return;
		}
		ObjectNode config = body.putObject("toolConfig");
		ArrayNode tools = config.putArray("tools");
		request.tools().forEach((tool) -> tools.add(tool(tool)));
		if (answerTool) {
			tools.add(answerTool(request.responseFormat()));
		}
		ObjectNode choice = toolChoice(request, answerTool);
		if (choice != null) {
			config.set("toolChoice", choice);
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
			return (request.tools().isEmpty() || mode == ToolChoice.Mode.NONE) ? named(ANSWER_TOOL) : any();
		}
		if (mode == null || mode == ToolChoice.Mode.NONE) {
			return null;
		}
		return switch (mode) {
			case AUTO, NONE -> {
				ObjectNode auto = JSON.createObjectNode();
				auto.putObject("auto");
				yield auto;
			}
			case REQUIRED -> any();
			case NAMED -> named(choice.name());
		};
	}

	private static ObjectNode any() {
		ObjectNode any = JSON.createObjectNode();
		any.putObject("any");
		return any;
	}

	private static ObjectNode named(@Nullable String name) {
		ObjectNode tool = JSON.createObjectNode();
		tool.putObject("tool").put("name", name);
		return tool;
	}

	private static ObjectNode tool(ToolDefinition tool) {
		return toolSpec(tool.name(), tool.description(), JSON.readTree(tool.parameters()));
	}

	private static ObjectNode answerTool(ResponseFormat format) {
		boolean schema = format.type() == ResponseFormat.Type.JSON_SCHEMA;
		return toolSpec(ANSWER_TOOL,
				"Give your final answer as this tool's input"
						+ (schema ? ", following the '" + format.name() + "' schema" : ", a JSON object") + ".",
				schema ? JSON.readTree(format.schema()) : JSON.createObjectNode().put("type", "object"));
	}

	private static ObjectNode toolSpec(String name, @Nullable String description, JsonNode schema) {
		ObjectNode node = JSON.createObjectNode();
		ObjectNode spec = node.putObject("toolSpec").put("name", name);
		if (description != null) {
			spec.put("description", description);
		}
		spec.putObject("inputSchema").set("json", schema);
		return node;
	}

}
