package io.github.fallbackllm.sample.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.netty.handler.codec.http.HttpResponseStatus;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A simulated, healthy Anthropic Messages endpoint.
 *
 * @author Fallback LLM contributors
 */
final class SimulatedAnthropic extends SimulatedProvider {

	static final String MODEL = "sim-claude-sonnet-4-5";

	SimulatedAnthropic(Duration chunkDelay) {
		super(MODEL, chunkDelay);
	}

	@Override
	protected String chatPath() {
		return "/messages";
	}

	@Override
	protected Mono<Void> answer(SimulatedRequest request, HttpServerResponse response) {
		SimulatedAnswer answer = SimulatedAnswer.of(request, "the simulated Anthropic provider");
		String id = nextId("msg_");
		String model = request.model().isEmpty() ? model() : request.model();
		return request.stream() ? sendEvents(response, events(id, model, answer))
				: sendJson(response, HttpResponseStatus.OK, message(id, model, answer));
	}

	@Override
	protected JsonNode error(String type, String message) {
		ObjectNode body = object().put("type", "error");
		body.putObject("error").put("type", type).put("message", message);
		return body.put("request_id", nextId("req_"));
	}

	@Override
	protected JsonNode modelList() {
		ObjectNode list = object();
		list.putArray("data")
			.addObject()
			.put("type", "model")
			.put("id", model())
			.put("display_name", "Simulated Claude Sonnet 4.5")
			.put("created_at", "2025-09-29T00:00:00Z");
		return list.put("has_more", false).put("first_id", model()).put("last_id", model());
	}

	private static JsonNode message(String id, String model, SimulatedAnswer answer) {
		ObjectNode message = head(id, model);
		message.putArray("content").addObject().put("type", "text").put("text", answer.text());
		message.put("stop_reason", stopReason(answer)).put("stop_sequence", answer.stopSequence());
		message.putObject("usage")
			.put("input_tokens", answer.promptTokens())
			.put("output_tokens", answer.completionTokens());
		return message;
	}

	/**
	 * The events of a streamed answer, in the order Anthropic sends them: the message,
	 * one text block with one word per delta, the stop reason with the cumulative output
	 * tokens, and the end.
	 */
	private static List<String> events(String id, String model, SimulatedAnswer answer) {
		List<String> events = new ArrayList<>();
		ObjectNode start = head(id, model);
		start.putArray("content");
		start.putNull("stop_reason");
		start.putNull("stop_sequence");
		start.putObject("usage").put("input_tokens", answer.promptTokens()).put("output_tokens", 1);
		events.add(event("message_start", object().put("type", "message_start").set("message", start)));
		ObjectNode block = object().put("type", "content_block_start").put("index", 0);
		block.putObject("content_block").put("type", "text").put("text", "");
		events.add(event("content_block_start", block));
		events.add(event("ping", object().put("type", "ping")));
		for (String piece : answer.pieces()) {
			ObjectNode delta = object().put("type", "content_block_delta").put("index", 0);
			delta.putObject("delta").put("type", "text_delta").put("text", piece);
			events.add(event("content_block_delta", delta));
		}
		events.add(event("content_block_stop", object().put("type", "content_block_stop").put("index", 0)));
		ObjectNode end = object().put("type", "message_delta");
		end.putObject("delta").put("stop_reason", stopReason(answer)).put("stop_sequence", answer.stopSequence());
		end.putObject("usage").put("output_tokens", answer.completionTokens());
		events.add(event("message_delta", end));
		events.add(event("message_stop", object().put("type", "message_stop")));
		return events;
	}

	private static ObjectNode head(String id, String model) {
		return object().put("id", id).put("type", "message").put("role", "assistant").put("model", model);
	}

	private static String stopReason(SimulatedAnswer answer) {
		if (answer.truncated()) {
			return "max_tokens";
		}
		return (answer.stopSequence() != null) ? "stop_sequence" : "end_turn";
	}

	private static String event(String name, JsonNode data) {
		return "event: " + name + "\ndata: " + JSON.writeValueAsString(data) + "\n\n";
	}

}
