package io.github.fallbackllm.chat;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks JSON text that a request carries, such as schemas, when the request is built.
 *
 * @author Fallback LLM contributors
 */
final class JsonText {

	private static final JsonMapper JSON = JsonMapper.shared();

	private JsonText() {
	}

	static String requireObject(String json, String what) {
		JsonNode node;
		try {
			node = JSON.readTree(json);
		}
		catch (JacksonException ex) {
			throw new InvalidChatRequestException(what + " is not valid JSON: " + ex.getOriginalMessage());
		}
		if (node == null || !node.isObject()) {
			throw new InvalidChatRequestException(what + " must be a JSON object");
		}
		return json;
	}

}
