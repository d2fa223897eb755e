package io.github.fallbackllm.sample.gateway;

import java.util.ArrayList;
import java.util.List;

import io.github.fallbackllm.chat.ChatMessage;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ChatRole;
import io.github.fallbackllm.chat.InvalidChatRequestException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An OpenAI chat completion request, read from its JSON body. The {@code model} is
 * ignored: the fallback chain decides who answers. Fields whose meaning the chain cannot
 * honour, such as {@code tools} or {@code n > 1}, are rejected rather than dropped, so
 * that a client never silently gets a different kind of answer than it asked for.
 *
 * @param chatRequest the request for the fallback chain
 * @param stream whether the answer is streamed
 * @param includeUsage whether a streamed answer ends with a usage chunk
 * @author Fallback LLM contributors
 */
record ChatCompletionRequest(ChatRequest chatRequest, boolean stream, boolean includeUsage) {

	private static final JsonMapper JSON = JsonMapper.shared();

	private static final String EXAMPLE = "{\"model\": \"any\", "
			+ "\"messages\": [{\"role\": \"user\", \"content\": \"Hello\"}]}";

	/**
	 * Read a request body.
	 * @param body the body, {@code null} when there was none
	 * @return the request
	 * @throws InvalidChatRequestException if the body is not a request this gateway can
	 * serve, with a message that says what to change
	 */
	static ChatCompletionRequest parse(byte @Nullable [] body) {
		if (body == null || body.length == 0) {
			throw new InvalidChatRequestException(
					"The request body is empty; send a chat completion request such as " + EXAMPLE);
		}
		JsonNode root = readJson(body);
		if (!root.isObject()) {
			throw new InvalidChatRequestException("The request body must be a JSON object such as " + EXAMPLE);
		}
		rejectUnsupported(root);
		ChatRequest chatRequest = ChatRequest.builder()
			.messages(messages(root.get("messages")))
			.temperature(temperature(root.get("temperature")))
			.maxTokens(maxTokens(root))
			.stop(stop(root.get("stop")))
			.build();
		JsonNode streamOptions = present(root.get("stream_options"));
		if (streamOptions != null && !streamOptions.isObject()) {
			throw new InvalidChatRequestException("stream_options must be an object such as {\"include_usage\": true}");
		}
		boolean includeUsage = (streamOptions != null)
				&& bool(streamOptions.get("include_usage"), "stream_options.include_usage");
		return new ChatCompletionRequest(chatRequest, bool(root.get("stream"), "stream"), includeUsage);
	}

	private static JsonNode readJson(byte[] body) {
		try {
			return JSON.readTree(body);
		}
		catch (JacksonException ex) {
			TokenStreamLocation location = ex.getLocation();
			throw new InvalidChatRequestException(
					"The request body is not valid JSON: " + ex.getOriginalMessage() + ((location != null)
							? " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")" : ""));
		}
	}

	private static void rejectUnsupported(JsonNode root) {
		JsonNode n = present(root.get("n"));
		if (n != null && !(n.isIntegralNumber() && n.canConvertToInt() && n.asInt() == 1)) {
			throw new InvalidChatRequestException("n must be 1 (got " + n + "): this gateway returns one choice");
		}
		for (String field : List.of("tools", "functions")) {
			JsonNode value = present(root.get(field));
			if (value != null && !(value.isArray() && value.isEmpty())) {
				throw new InvalidChatRequestException(field + " are not supported by this gateway");
			}
		}
		JsonNode responseFormat = present(root.get("response_format"));
		if (responseFormat != null && !"text".equals(responseFormat.path("type").asString(""))) {
			throw new InvalidChatRequestException("response_format " + responseFormat.path("type")
					+ " is not supported by this gateway; only {\"type\": \"text\"} is");
		}
		JsonNode logprobs = present(root.get("logprobs"));
		if (logprobs != null && logprobs.asBoolean(false)) {
			throw new InvalidChatRequestException("logprobs are not supported by this gateway");
		}
	}

	private static List<ChatMessage> messages(@Nullable JsonNode messages) {
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
			result.add(new ChatMessage(role(message.get("role"), name), content(message.get("content"), name)));
		}
		return result;
	}

	/** OpenAI's "developer" role is its newer name for "system". */
	private static ChatRole role(@Nullable JsonNode role, String message) {
		if (role == null || !role.isString()) {
			throw new InvalidChatRequestException(
					message + ".role is missing; use system, developer, user or assistant");
		}
		if ("developer".equals(role.asString())) {
			return ChatRole.SYSTEM;
		}
		try {
			return ChatRole.of(role.asString());
		}
		catch (InvalidChatRequestException ex) {
			throw new InvalidChatRequestException(message + ".role '" + role.asString()
					+ "' is not supported; use system, developer, user or assistant");
		}
	}

	/** Content is a string, or an array of text parts. */
	private static String content(@Nullable JsonNode content, String message) {
		if (content != null && content.isString()) {
			return content.asString();
		}
		if (content == null || !content.isArray()) {
			throw new InvalidChatRequestException(
					message + ".content must be a string or an array of text parts (got " + summary(content) + ")");
		}
		StringBuilder text = new StringBuilder();
		for (int j = 0; j < content.size(); j++) {
			JsonNode part = content.get(j);
			if (!"text".equals(part.path("type").asString("")) || !part.path("text").isString()) {
				throw new InvalidChatRequestException(message + ".content[" + j + "] is not a text part (got "
						+ summary(part) + "); only {\"type\": \"text\", \"text\": \"...\"} parts are supported");
			}
			text.append(part.path("text").asString());
		}
		return text.toString();
	}

	private static @Nullable Double temperature(@Nullable JsonNode temperature) {
		if (present(temperature) == null) {
			return null;
		}
		if (!temperature.isNumber()) {
			throw new InvalidChatRequestException(
					"temperature must be a number between 0 and 2 (got " + summary(temperature) + ")");
		}
		return temperature.asDouble();
	}

	private static @Nullable Integer maxTokens(JsonNode root) {
		Integer maxTokens = positiveInt(root.get("max_tokens"), "max_tokens");
		Integer maxCompletionTokens = positiveInt(root.get("max_completion_tokens"), "max_completion_tokens");
		if (maxTokens != null && maxCompletionTokens != null && !maxTokens.equals(maxCompletionTokens)) {
			throw new InvalidChatRequestException("max_tokens (" + maxTokens + ") and max_completion_tokens ("
					+ maxCompletionTokens + ") disagree; send only max_completion_tokens");
		}
		return (maxCompletionTokens != null) ? maxCompletionTokens : maxTokens;
	}

	private static @Nullable Integer positiveInt(@Nullable JsonNode value, String name) {
		if (present(value) == null) {
			return null;
		}
		if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < 1) {
			throw new InvalidChatRequestException(name + " must be a positive integer (got " + summary(value) + ")");
		}
		return value.asInt();
	}

	private static List<String> stop(@Nullable JsonNode stop) {
		if (present(stop) == null) {
			return List.of();
		}
		if (stop.isString()) {
			return List.of(stop.asString());
		}
		List<String> sequences = new ArrayList<>();
		for (JsonNode sequence : stop.isArray() ? stop : List.<JsonNode>of(stop)) {
			if (!sequence.isString()) {
				throw new InvalidChatRequestException(
						"stop must be a string or an array of strings (got " + summary(stop) + ")");
			}
			sequences.add(sequence.asString());
		}
		return sequences;
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
	 * Return the value, or {@code null} when it is absent or JSON null, as OpenAI treats
	 * both.
	 */
	private static @Nullable JsonNode present(@Nullable JsonNode value) {
		return (value == null || value.isNull()) ? null : value;
	}

	/**
	 * A short rendering of a value for an error message; never the whole of a long one.
	 */
	private static String summary(@Nullable JsonNode value) {
		if (value == null) {
			return "nothing";
		}
		String json = value.toString();
		return (json.length() <= 60) ? json : json.substring(0, 57) + "...";
	}

}
