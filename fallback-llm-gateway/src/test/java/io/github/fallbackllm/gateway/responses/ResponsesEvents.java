package io.github.fallbackllm.gateway.responses;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads a Responses event stream exactly as sent, checking its framing: every event an
 * {@code event: } line naming its type, one {@code data: } line whose {@code type} is the
 * same, and a blank line; sequence numbers from 0 without a gap.
 */
final class ResponsesEvents {

	private static final JsonMapper JSON = JsonMapper.shared();

	private ResponsesEvents() {
	}

	static List<JsonNode> read(String body) {
		assertThat(body).endsWith("\n\n");
		List<JsonNode> events = new ArrayList<>();
		for (String event : body.substring(0, body.length() - 2).split("\n\n", -1)) {
			String[] lines = event.split("\n", -1);
			assertThat(lines).hasSize(2);
			assertThat(lines[0]).startsWith("event: ");
			assertThat(lines[1]).startsWith("data: ");
			JsonNode data = JSON.readTree(lines[1].substring("data: ".length()));
			assertThat(data.path("type").asString()).isEqualTo(lines[0].substring("event: ".length()));
			assertThat(data.path("sequence_number").asInt(-1)).isEqualTo(events.size());
			events.add(data);
		}
		return events;
	}

	/**
	 * One line per event: its type, then the positions and the values that say what it
	 * carries, so that a test reads as the stream it expects.
	 */
	static List<String> trace(List<JsonNode> events) {
		List<String> trace = new ArrayList<>(events.size());
		for (JsonNode event : events) {
			String type = event.path("type").asString();
			StringBuilder line = new StringBuilder(type);
			if (event.has("response")) {
				line.append(' ').append(event.path("response").path("status").asString());
			}
			if (event.has("output_index")) {
				line.append(" #").append(event.path("output_index").asInt());
			}
			if (event.has("content_index")) {
				line.append('.').append(event.path("content_index").asInt());
			}
			if (event.has("item")) {
				JsonNode item = event.path("item");
				line.append(' ')
					.append(item.path("type").asString())
					.append(' ')
					.append(item.path("status").asString());
			}
			for (String field : List.of("delta", "text", "arguments")) {
				if (event.has(field)) {
					line.append(' ').append(event.path(field));
				}
			}
			trace.add(line.toString());
		}
		return trace;
	}

}
