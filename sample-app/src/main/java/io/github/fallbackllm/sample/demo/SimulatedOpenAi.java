package io.github.fallbackllm.sample.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.netty.handler.codec.http.HttpResponseStatus;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A simulated OpenAI Chat Completions endpoint that is over its rate limit: it serves one
 * request per window and answers the others with HTTP 429, {@code retry-after} and
 * OpenAI's rate-limit headers.
 *
 * @author Fallback LLM contributors
 */
final class SimulatedOpenAi extends SimulatedProvider {

	static final String MODEL = "sim-gpt-4o-mini";

	private final RateLimit rateLimit;

	SimulatedOpenAi(RateLimit rateLimit, Duration chunkDelay) {
		super(MODEL, chunkDelay);
		this.rateLimit = rateLimit;
	}

	@Override
	protected String chatPath() {
		return "/chat/completions";
	}

	@Override
	protected Mono<Void> answer(SimulatedRequest request, HttpServerResponse response) {
		Duration wait = this.rateLimit.acquire();
		if (wait != null) {
			return rateLimited(request, response, wait);
		}
		SimulatedAnswer answer = SimulatedAnswer.of(request, "the simulated OpenAI provider");
		String id = nextId("chatcmpl-");
		long created = System.currentTimeMillis() / 1000;
		String model = request.model().isEmpty() ? model() : request.model();
		return request.stream() ? sendEvents(response, events(id, created, model, answer, request.includeUsage()))
				: sendJson(response, HttpResponseStatus.OK, completion(id, created, model, answer));
	}

	private Mono<Void> rateLimited(SimulatedRequest request, HttpServerResponse response, Duration wait) {
		long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
		long perMinute = Duration.ofMinutes(1).dividedBy(this.rateLimit.window());
		response.header("retry-after", Long.toString(seconds))
			.header("x-ratelimit-limit-requests", Long.toString(perMinute))
			.header("x-ratelimit-remaining-requests", "0")
			.header("x-ratelimit-reset-requests", seconds + "s");
		String message = "Rate limit reached for " + request.model() + " in organization org-demo on requests per min "
				+ "(RPM): Limit " + perMinute + ", Used " + perMinute + ", Requested 1. Please try again in " + seconds
				+ "s.";
		ObjectNode body = object();
		body.set("error", errorObject("requests", message).put("code", "rate_limit_exceeded"));
		return sendJson(response, HttpResponseStatus.TOO_MANY_REQUESTS, body);
	}

	@Override
	protected JsonNode error(String type, String message) {
		ObjectNode body = object();
		body.set("error", errorObject(type, message));
		return body;
	}

	private static ObjectNode errorObject(String type, String message) {
		ObjectNode error = object().put("message", message).put("type", type);
		error.putNull("param");
		error.putNull("code");
		return error;
	}

	@Override
	protected JsonNode modelList() {
		ObjectNode list = object().put("object", "list");
		list.putArray("data")
			.addObject()
			.put("id", model())
			.put("object", "model")
			.put("created", 1686935002)
			.put("owned_by", "simulator");
		return list;
	}

	private static JsonNode completion(String id, long created, String model, SimulatedAnswer answer) {
		ObjectNode completion = head(id, "chat.completion", created, model);
		ObjectNode choice = completion.putArray("choices").addObject().put("index", 0);
		ObjectNode message = choice.putObject("message").put("role", "assistant").put("content", answer.text());
		message.putNull("refusal");
		message.putArray("annotations");
		choice.putNull("logprobs");
		choice.put("finish_reason", finishReason(answer));
		completion.set("usage", usage(answer));
		return completion;
	}

	/**
	 * The events of a streamed answer: the role, one word per chunk, the finish reason,
	 * the usage when asked for (earlier chunks then carry {@code "usage": null}), and
	 * {@code [DONE]}.
	 */
	private static List<String> events(String id, long created, String model, SimulatedAnswer answer,
			boolean includeUsage) {
		List<String> events = new ArrayList<>();
		ObjectNode role = object().put("role", "assistant").put("content", "");
		events.add(data(chunk(id, created, model, role, null, includeUsage)));
		for (String piece : answer.pieces()) {
			events.add(data(chunk(id, created, model, object().put("content", piece), null, includeUsage)));
		}
		events.add(data(chunk(id, created, model, object(), finishReason(answer), includeUsage)));
		if (includeUsage) {
			ObjectNode usage = head(id, "chat.completion.chunk", created, model);
			usage.putArray("choices");
			usage.set("usage", usage(answer));
			events.add(data(usage));
		}
		events.add("data: [DONE]\n\n");
		return events;
	}

	private static ObjectNode chunk(String id, long created, String model, ObjectNode delta,
			@Nullable String finishReason, boolean includeUsage) {
		ObjectNode chunk = head(id, "chat.completion.chunk", created, model);
		ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
		choice.set("delta", delta);
		choice.putNull("logprobs");
		choice.put("finish_reason", finishReason);
		if (includeUsage) {
			chunk.putNull("usage");
		}
		return chunk;
	}

	private static ObjectNode head(String id, String object, long created, String model) {
		return object().put("id", id)
			.put("object", object)
			.put("created", created)
			.put("model", model)
			.put("system_fingerprint", "fp_simulator");
	}

	private static ObjectNode usage(SimulatedAnswer answer) {
		return object().put("prompt_tokens", answer.promptTokens())
			.put("completion_tokens", answer.completionTokens())
			.put("total_tokens", answer.promptTokens() + answer.completionTokens());
	}

	private static String finishReason(SimulatedAnswer answer) {
		return answer.truncated() ? "length" : "stop";
	}

	private static String data(JsonNode json) {
		return "data: " + JSON.writeValueAsString(json) + "\n\n";
	}

}
