package io.github.fallbackllm.gateway.messages;

import java.util.ArrayList;
import java.util.List;

import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.InvalidChatRequestException;
import io.github.fallbackllm.gateway.GatewayRequest;
import io.github.fallbackllm.gateway.ImageUrls;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * An Anthropic Messages request ({@code POST /v1/messages}), read from its JSON body.
 * {@code max_tokens} is required, as Anthropic requires it. {@code metadata.user_id}
 * becomes the request's end user. Parameters the chain cannot honour are rejected rather
 * than dropped ({@code top_k}, server-side containers and MCP servers); two are accepted
 * and not forwarded, because today's clients send them on every turn and an answer
 * without them is still the answer asked for: {@code thinking} (the answer comes without
 * thinking blocks, and thinking blocks of earlier turns are left out) and
 * {@code cache_control} marks (prompt caching is a provider's optimisation, not part of
 * the answer). {@code service_tier} is a provider's scheduling hint and is not forwarded
 * either.
 *
 * @param chatRequest the request for the fallback chain
 * @param model the model the client asked for, which selects the route
 * @param stream whether the answer is streamed
 * @author Fallback LLM contributors
 */
public record MessagesRequest(ChatRequest chatRequest, String model, boolean stream) implements GatewayRequest {

	private static final JsonMapper JSON = JsonMapper.shared();

	static final String EXAMPLE = "{\"model\": \"claude-sonnet-4-5\", \"max_tokens\": 1024, "
			+ "\"messages\": [{\"role\": \"user\", \"content\": \"Hello\"}]}";

	private static final List<String> UNSUPPORTED = List.of("top_k", "container", "mcp_servers");

	/**
	 * Read a request body.
	 * @param body the body, {@code null} when there was none
	 * @param images which image URLs the request may carry
	 * @return the request
	 * @throws InvalidChatRequestException if the body is not a request this gateway can
	 * serve, with a message that says what to change
	 */
	public static MessagesRequest parse(byte @Nullable [] body, ImageUrls images) {
		ObjectNode root = readObject(body, "a Messages request such as " + EXAMPLE);
		for (String name : UNSUPPORTED) {
			if (present(root.get(name)) != null) {
				throw new InvalidChatRequestException(name + " is not supported by this gateway; leave it out");
			}
		}
		String model = string(root.get("model"), "model");
		String userId = userId(root.get("metadata"));
		ChatRequest chatRequest = ChatRequest.builder()
			.messages(MessagesContent.read(root.get("system"), root.get("messages"), images))
			.maxTokens(maxTokens(root.get("max_tokens")))
			.temperature(number(root.get("temperature"), "temperature", 1))
			.topP(number(root.get("top_p"), "top_p", 1))
			.stop(stopSequences(root.get("stop_sequences")))
			.endUser(userId)
			.affinity(userId)
			.tools(MessagesTools.tools(root.get("tools")))
			.toolChoice(MessagesTools.toolChoice(root.get("tool_choice")))
			.parallelToolCalls(MessagesTools.parallelToolCalls(root.get("tool_choice")))
			.build();
		return new MessagesRequest(chatRequest, model, bool(root.get("stream"), "stream"));
	}

	/**
	 * Read a body that must be a JSON object.
	 * @param body the body
	 * @param what what to send instead, for the error message
	 * @return the object
	 */
	static ObjectNode readObject(byte @Nullable [] body, String what) {
		if (body == null || body.length == 0) {
			throw new InvalidChatRequestException("The request body is empty; send " + what);
		}
		JsonNode root;
		try {
			root = JSON.readTree(body);
		}
		catch (JacksonException ex) {
			TokenStreamLocation location = ex.getLocation();
			throw new InvalidChatRequestException(
					"The request body is not valid JSON: " + ex.getOriginalMessage() + ((location != null)
							? " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")" : ""));
		}
		if (!(root instanceof ObjectNode object)) {
			throw new InvalidChatRequestException("The request body must be a JSON object: " + what);
		}
		return object;
	}

	private static int maxTokens(@Nullable JsonNode value) {
		if (present(value) == null) {
			throw new InvalidChatRequestException("max_tokens is missing; Messages requests need it, as in " + EXAMPLE);
		}
		if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < 1) {
			throw new InvalidChatRequestException("max_tokens must be a positive integer (got " + summary(value) + ")");
		}
		return value.asInt();
	}

	private static @Nullable Double number(@Nullable JsonNode value, String name, int max) {
		if (present(value) == null) {
			return null;
		}
		if (!value.isNumber() || value.asDouble() < 0 || value.asDouble() > max) {
			throw new InvalidChatRequestException(
					name + " must be a number between 0 and " + max + " (got " + summary(value) + ")");
		}
		return value.asDouble();
	}

	private static List<String> stopSequences(@Nullable JsonNode value) {
		if (present(value) == null) {
			return List.of();
		}
		if (!value.isArray()) {
			throw new InvalidChatRequestException(
					"stop_sequences must be an array of strings (got " + summary(value) + ")");
		}
		List<String> sequences = new ArrayList<>(value.size());
		for (int i = 0; i < value.size(); i++) {
			sequences.add(string(value.get(i), "stop_sequences[" + i + "]"));
		}
		return sequences;
	}

	/** {@code metadata.user_id}, kept as the end user the chain reports to providers. */
	private static @Nullable String userId(@Nullable JsonNode metadata) {
		if (present(metadata) == null) {
			return null;
		}
		if (!metadata.isObject()) {
			throw new InvalidChatRequestException(
					"metadata must be an object such as {\"user_id\": \"...\"} (got " + summary(metadata) + ")");
		}
		JsonNode userId = present(metadata.get("user_id"));
		return (userId != null) ? string(userId, "metadata.user_id") : null;
	}

	private static boolean bool(@Nullable JsonNode value, String name) {
		if (present(value) == null) {
			return false;
		}
		if (!value.isBoolean()) {
			throw new InvalidChatRequestException(name + " must be true or false (got " + summary(value) + ")");
		}
		return value.asBoolean();
	}

	/**
	 * Return a value that must be a string.
	 * @param value the value
	 * @param name its path in the request, for the error message
	 * @return the string
	 */
	static String string(@Nullable JsonNode value, String name) {
		if (present(value) == null || !value.isString()) {
			throw new InvalidChatRequestException(name + " must be a string (got " + summary(value) + ")");
		}
		return value.asString();
	}

	/**
	 * Return the value, or {@code null} when it is absent or JSON null.
	 * @param value the value
	 * @return the value, or {@code null}
	 */
	static @Nullable JsonNode present(@Nullable JsonNode value) {
		return (value == null || value.isNull()) ? null : value;
	}

	/**
	 * A short rendering of a value for an error message; never the whole of a long one.
	 * @param value the value
	 * @return the rendering
	 */
	static String summary(@Nullable JsonNode value) {
		if (value == null) {
			return "nothing";
		}
		String json = value.toString();
		return (json.length() <= 60) ? json : json.substring(0, 57) + "...";
	}

}
