package io.github.fallbackllm.gateway.chatcompletions;

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

/**
 * An OpenAI chat completion request, read from its JSON body. The {@code model} selects
 * the route; the route's targets decide which model answers. Fields whose meaning the
 * chain cannot honour, such as {@code n > 1} or audio, are rejected rather than dropped,
 * so that a client never silently gets a different kind of answer than it asked for.
 *
 * @param chatRequest the request for the fallback chain
 * @param model the model the client asked for, if any
 * @param stream whether the answer is streamed
 * @param includeUsage whether a streamed answer ends with a usage chunk
 * @author Fallback LLM contributors
 */
record ChatCompletionRequest(ChatRequest chatRequest, @Nullable String model, boolean stream,
		boolean includeUsage) implements GatewayRequest {

	private static final JsonMapper JSON = JsonMapper.shared();

	private static final String EXAMPLE = "{\"model\": \"any\", "
			+ "\"messages\": [{\"role\": \"user\", \"content\": \"Hello\"}]}";

	/**
	 * Read a request body.
	 * @param body the body, {@code null} or empty when there was none
	 * @param images which image URLs are accepted
	 * @return the request
	 * @throws InvalidChatRequestException if the body is not a request this gateway can
	 * serve, with a message that says what to change
	 */
	static ChatCompletionRequest parse(byte @Nullable [] body, ImageUrls images) {
		if (body == null || body.length == 0) {
			throw new InvalidChatRequestException(
					"The request body is empty; send a chat completion request such as " + EXAMPLE);
		}
		JsonNode root = readJson(body);
		if (!root.isObject()) {
			throw new InvalidChatRequestException("The request body must be a JSON object such as " + EXAMPLE);
		}
		rejectUnsupported(root);
		String user = user(root.get("user"));
		ChatRequest chatRequest = ChatRequest.builder()
			.messages(ChatCompletionMessages.read(root.get("messages"), images))
			.temperature(number(root.get("temperature"), "temperature", 2))
			.topP(number(root.get("top_p"), "top_p", 1))
			.maxTokens(maxTokens(root))
			.stop(stop(root.get("stop")))
			.seed(seed(root.get("seed")))
			.endUser(user)
			.affinity(user)
			.tools(ChatCompletionTools.tools(root.get("tools")))
			.toolChoice(ChatCompletionTools.toolChoice(root.get("tool_choice")))
			.parallelToolCalls(present(root.get("parallel_tool_calls")) != null
					? bool(root.get("parallel_tool_calls"), "parallel_tool_calls") : null)
			.responseFormat(ChatCompletionTools.responseFormat(root.get("response_format")))
			.build();
		JsonNode streamOptions = present(root.get("stream_options"));
		if (streamOptions != null && !streamOptions.isObject()) {
			throw new InvalidChatRequestException("stream_options must be an object such as {\"include_usage\": true}");
		}
		boolean includeUsage = (streamOptions != null)
				&& bool(streamOptions.get("include_usage"), "stream_options.include_usage");
		JsonNode model = root.get("model");
		return new ChatCompletionRequest(chatRequest, (model != null && model.isString()) ? model.asString() : null,
				bool(root.get("stream"), "stream"), includeUsage);
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
		JsonNode functions = present(root.get("functions"));
		if (functions != null && !(functions.isArray() && functions.isEmpty())) {
			throw new InvalidChatRequestException("functions are not supported by this gateway; send tools instead");
		}
		JsonNode modalities = present(root.get("modalities"));
		if (present(root.get("audio")) != null || (modalities != null && modalities.toString().contains("\"audio\""))) {
			throw new InvalidChatRequestException("audio output is not supported by this gateway");
		}
		JsonNode logprobs = present(root.get("logprobs"));
		if (logprobs != null && logprobs.asBoolean(false)) {
			throw new InvalidChatRequestException("logprobs are not supported by this gateway");
		}
	}

	private static @Nullable Double number(@Nullable JsonNode value, String name, int max) {
		if (present(value) == null) {
			return null;
		}
		if (!value.isNumber()) {
			throw new InvalidChatRequestException(
					name + " must be a number between 0 and " + max + " (got " + summary(value) + ")");
		}
		return value.asDouble();
	}

	private static @Nullable Long seed(@Nullable JsonNode seed) {
		if (present(seed) == null) {
			return null;
		}
		if (!seed.isIntegralNumber() || !seed.canConvertToLong()) {
			throw new InvalidChatRequestException("seed must be an integer (got " + summary(seed) + ")");
		}
		return seed.asLong();
	}

	private static @Nullable String user(@Nullable JsonNode user) {
		if (present(user) == null) {
			return null;
		}
		if (!user.isString()) {
			throw new InvalidChatRequestException("user must be a string (got " + summary(user) + ")");
		}
		return user.asString();
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
	static @Nullable JsonNode present(@Nullable JsonNode value) {
		return (value == null || value.isNull()) ? null : value;
	}

	/**
	 * A short rendering of a value for an error message; never the whole of a long one.
	 */
	static String summary(@Nullable JsonNode value) {
		if (value == null) {
			return "nothing";
		}
		String json = value.toString();
		return (json.length() <= 60) ? json : json.substring(0, 57) + "...";
	}

}
