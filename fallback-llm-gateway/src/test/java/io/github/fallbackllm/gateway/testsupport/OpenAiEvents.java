package io.github.fallbackllm.gateway.testsupport;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads an OpenAI event stream exactly as sent: every event one {@code data: } line and a
 * blank line, nothing else.
 */
public final class OpenAiEvents {

	private static final JsonMapper JSON = JsonMapper.shared();

	private OpenAiEvents() {
	}

	/**
	 * Return the data of each event, checking the framing.
	 * @param body the response body
	 * @return the data, in order
	 */
	public static List<String> data(String body) {
		assertThat(body).endsWith("\n\n");
		List<String> data = new ArrayList<>();
		for (String event : body.substring(0, body.length() - 2).split("\n\n", -1)) {
			assertThat(event).startsWith("data: ").doesNotContain("\n");
			data.add(event.substring("data: ".length()));
		}
		return data;
	}

	/**
	 * Return the JSON of each event but a closing {@code [DONE]}.
	 * @param data the data of the events
	 * @return the JSON
	 */
	public static List<JsonNode> json(List<String> data) {
		List<String> events = data.get(data.size() - 1).equals("[DONE]") ? data.subList(0, data.size() - 1) : data;
		return events.stream().map(JSON::readTree).toList();
	}

	public static JsonNode json(String text) {
		return JSON.readTree(text);
	}

}
