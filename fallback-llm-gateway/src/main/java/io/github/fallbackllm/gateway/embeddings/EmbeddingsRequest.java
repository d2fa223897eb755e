package io.github.fallbackllm.gateway.embeddings;

import java.util.ArrayList;
import java.util.List;

import io.github.fallbackllm.chat.ChatMessage;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.InvalidChatRequestException;
import io.github.fallbackllm.embedding.EmbeddingRequest;
import io.github.fallbackllm.gateway.GatewayRequest;
import io.github.fallbackllm.provider.openai.OpenAiEmbeddings;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An OpenAI embeddings request, read from its JSON body: {@code input} (a string or an
 * array of strings), {@code model}, which selects the route, {@code dimensions},
 * {@code encoding_format} and {@code user}. Token arrays are refused: the route's targets
 * may use other tokenizers than the client's, so token ids would mean other texts.
 *
 * @param inputs the texts, in order
 * @param model the model the client asked for, if any
 * @param dimensions the length asked of every vector, if any
 * @param base64 whether the vectors go back as base64 strings rather than float arrays
 * @author Fallback LLM contributors
 */
record EmbeddingsRequest(List<String> inputs, @Nullable String model, @Nullable Integer dimensions,
		boolean base64) implements GatewayRequest {

	/** As many inputs as OpenAI takes in one request. */
	static final int MAX_INPUTS = OpenAiEmbeddings.MAX_INPUTS;

	private static final JsonMapper JSON = JsonMapper.shared();

	private static final String EXAMPLE = "{\"model\": \"text-embedding-3-small\", \"input\": [\"Hello\"]}";

	/**
	 * Read a request body.
	 * @param body the body, empty when there was none
	 * @return the request
	 * @throws InvalidChatRequestException if the body is not a request this gateway can
	 * serve, with a message that says what to change
	 */
	static EmbeddingsRequest parse(byte[] body) {
		if (body.length == 0) {
			throw new InvalidChatRequestException(
					"The request body is empty; send an embeddings request such as " + EXAMPLE);
		}
		JsonNode root = readJson(body);
		if (!root.isObject()) {
			throw new InvalidChatRequestException("The request body must be a JSON object such as " + EXAMPLE);
		}
		// user identifies the end user to OpenAI; no target here takes it, but a
		// malformed one is still the client's to fix.
		string(root, "user");
		return new EmbeddingsRequest(inputs(root.get("input")), string(root, "model"), dimensions(root), base64(root));
	}

	/**
	 * Return the inputs as user messages: what a gateway key's token limits count.
	 * @return the chat request
	 */
	@Override
	public ChatRequest chatRequest() {
		List<ChatMessage> messages = new ArrayList<>(this.inputs.size());
		this.inputs.forEach((input) -> messages.add(ChatMessage.user(input)));
		return ChatRequest.builder().messages(messages).build();
	}

	@Override
	public boolean stream() {
		return false;
	}

	/**
	 * Return the request for the chain.
	 * @return the embedding request
	 */
	EmbeddingRequest embeddingRequest() {
		return EmbeddingRequest.builder().inputs(this.inputs).dimensions(this.dimensions).build();
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

	private static List<String> inputs(@Nullable JsonNode input) {
		if (input == null || input.isNull() || input.isMissingNode()) {
			throw new InvalidChatRequestException("input is missing; send a string or an array of strings");
		}
		if (input.isString()) {
			return List.of(text(input.asString(), "input"));
		}
		if (!input.isArray()) {
			throw new InvalidChatRequestException(
					"input must be a string or an array of strings (got " + kind(input) + ")");
		}
		if (input.isEmpty()) {
			throw new InvalidChatRequestException("input must not be an empty array");
		}
		if (input.size() > MAX_INPUTS) {
			throw new InvalidChatRequestException("input has " + input.size() + " items; at most " + MAX_INPUTS
					+ " fit in one request: send the rest in another");
		}
		List<String> inputs = new ArrayList<>(input.size());
		for (int i = 0; i < input.size(); i++) {
			JsonNode item = input.get(i);
			if (item.isIntegralNumber() || item.isArray()) {
				throw new InvalidChatRequestException("input[" + i + "] is a token array or token id, which this "
						+ "gateway does not take: its providers may tokenize differently; send the text instead");
			}
			if (!item.isString()) {
				throw new InvalidChatRequestException("input[" + i + "] must be a string (got " + kind(item) + ")");
			}
			inputs.add(text(item.asString(), "input[" + i + "]"));
		}
		return inputs;
	}

	private static String text(String text, String name) {
		if (text.isEmpty()) {
			throw new InvalidChatRequestException(name + " is an empty string; providers reject empty inputs");
		}
		return text;
	}

	private static @Nullable String string(JsonNode root, String name) {
		JsonNode value = root.get(name);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isString()) {
			throw new InvalidChatRequestException(name + " must be a string (got " + kind(value) + ")");
		}
		return value.asString();
	}

	private static @Nullable Integer dimensions(JsonNode root) {
		JsonNode dimensions = root.get("dimensions");
		if (dimensions == null || dimensions.isNull()) {
			return null;
		}
		if (!dimensions.isIntegralNumber() || !dimensions.canConvertToInt() || dimensions.asInt() < 1) {
			throw new InvalidChatRequestException("dimensions must be a whole number of at least 1 (got "
					+ ((dimensions.isString()) ? "a string" : dimensions.toString()) + ")");
		}
		return dimensions.asInt();
	}

	private static boolean base64(JsonNode root) {
		String format = string(root, "encoding_format");
		if (format == null || format.equals("float")) {
			return false;
		}
		if (format.equals("base64")) {
			return true;
		}
		throw new InvalidChatRequestException("encoding_format must be \"float\" or \"base64\" (got \""
				+ ((format.length() > 20) ? format.substring(0, 20) + "…" : format) + "\")");
	}

	private static String kind(JsonNode node) {
		if (node.isObject()) {
			return "an object";
		}
		if (node.isArray()) {
			return "an array";
		}
		if (node.isNumber()) {
			return "a number";
		}
		if (node.isBoolean()) {
			return "a boolean";
		}
		return node.isString() ? "a string" : "null";
	}

}
