package io.github.fallbackllm.sample.demo;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a simulated provider reads from a chat request, in either wire format: OpenAI's
 * {@code max_completion_tokens}, {@code max_tokens}, {@code stop} and
 * {@code stream_options}, or Anthropic's {@code system}, {@code max_tokens} and
 * {@code stop_sequences}.
 *
 * @param model the requested model
 * @param texts the text of every message, system prompt included
 * @param lastUserMessage the text of the last user message
 * @param maxTokens the output budget, if any
 * @param stop the stop sequences
 * @param stream whether the answer is streamed
 * @param includeUsage whether an OpenAI stream ends with a usage chunk
 * @author Fallback LLM contributors
 */
record SimulatedRequest(String model, List<String> texts, String lastUserMessage, @Nullable Integer maxTokens,
		List<String> stop, boolean stream, boolean includeUsage) {

	private static final JsonMapper JSON = JsonMapper.shared();

	/**
	 * Read a request body.
	 * @param body the body
	 * @return the request
	 * @throws IllegalArgumentException if the body is not a chat request
	 */
	static SimulatedRequest parse(byte[] body) {
		JsonNode root;
		try {
			root = JSON.readTree(body);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("The request body is not valid JSON");
		}
		if (root == null || !root.path("messages").isArray() || root.path("messages").isEmpty()) {
			throw new IllegalArgumentException("messages: at least one message is required");
		}
		List<String> texts = new ArrayList<>();
		String lastUserMessage = "";
		if (root.path("system").isString()) {
			texts.add(root.path("system").asString());
		}
		for (JsonNode message : root.path("messages")) {
			String text = text(message.path("content"));
			texts.add(text);
			if ("user".equals(message.path("role").asString(""))) {
				lastUserMessage = text;
			}
		}
		JsonNode maxTokens = root.has("max_completion_tokens") ? root.path("max_completion_tokens")
				: root.path("max_tokens");
		JsonNode stop = root.has("stop_sequences") ? root.path("stop_sequences") : root.path("stop");
		return new SimulatedRequest(root.path("model").asString(""), texts, lastUserMessage,
				maxTokens.isInt() ? maxTokens.asInt() : null, strings(stop), root.path("stream").asBoolean(false),
				root.path("stream_options").path("include_usage").asBoolean(false));
	}

	/** Content is a string, or an array of parts of which the text ones count. */
	private static String text(JsonNode content) {
		if (content.isArray()) {
			StringBuilder text = new StringBuilder();
			content.forEach((part) -> text.append(part.path("text").asString("")));
			return text.toString();
		}
		return content.asString("");
	}

	private static List<String> strings(JsonNode node) {
		if (node.isString()) {
			return List.of(node.asString());
		}
		List<String> values = new ArrayList<>();
		node.forEach((value) -> values.add(value.asString("")));
		return values;
	}

}
