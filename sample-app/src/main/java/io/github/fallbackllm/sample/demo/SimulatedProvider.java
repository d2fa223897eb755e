package io.github.fallbackllm.sample.demo;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A simulated provider: answers chat requests and lists its model in the wire format of
 * one provider, streaming one word per event at a steady pace.
 *
 * @author Fallback LLM contributors
 */
abstract class SimulatedProvider {

	protected static final JsonMapper JSON = JsonMapper.shared();

	private static final byte[] EMPTY = {};

	private final AtomicLong ids = new AtomicLong();

	private final String model;

	private final Duration chunkDelay;

	protected SimulatedProvider(String model, Duration chunkDelay) {
		this.model = model;
		this.chunkDelay = chunkDelay;
	}

	/**
	 * Serve the chat and model-list endpoints under a path.
	 * @param routes the server's routes
	 * @param basePath the path that plays the provider's base URL, such as
	 * {@code /openai/v1}
	 */
	void register(HttpServerRoutes routes, String basePath) {
		routes.post(basePath + chatPath(), this::chat).get(basePath + "/models", this::models);
	}

	/**
	 * Return the chat path, relative to the base URL.
	 * @return the path
	 */
	protected abstract String chatPath();

	/**
	 * Answer a valid chat request.
	 * @param request the request
	 * @param response the response to send
	 * @return completion of the response
	 */
	protected abstract Mono<Void> answer(SimulatedRequest request, HttpServerResponse response);

	/**
	 * Return the error body of the wire format.
	 * @param type the error type
	 * @param message the error message
	 * @return the body
	 */
	protected abstract JsonNode error(String type, String message);

	/**
	 * Return the model-list body of the wire format.
	 * @return the body
	 */
	protected abstract JsonNode modelList();

	protected String model() {
		return this.model;
	}

	/**
	 * Return a new identifier for a response.
	 * @param prefix the provider's prefix, such as {@code chatcmpl-}
	 * @return the identifier
	 */
	protected String nextId(String prefix) {
		return prefix + "sim" + this.ids.incrementAndGet();
	}

	protected static Mono<Void> sendJson(HttpServerResponse response, HttpResponseStatus status, JsonNode body) {
		return response.status(status)
			.header(HttpHeaderNames.CONTENT_TYPE, "application/json")
			.sendString(Mono.just(JSON.writeValueAsString(body)))
			.then();
	}

	/**
	 * Send server-sent events, one at a time, as a model generating text would.
	 * @param response the response
	 * @param events the events, each with its blank line
	 * @return completion of the response
	 */
	protected Mono<Void> sendEvents(HttpServerResponse response, List<String> events) {
		Flux<String> paced = Flux.fromIterable(events);
		if (!this.chunkDelay.isZero()) {
			paced = paced.delayElements(this.chunkDelay);
		}
		return response.header(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
			.sendString(paced)
			.then();
	}

	protected static ObjectNode object() {
		return JSON.createObjectNode();
	}

	private Mono<Void> chat(HttpServerRequest request, HttpServerResponse response) {
		return request.receive().aggregate().asByteArray().defaultIfEmpty(EMPTY).flatMap((body) -> {
			SimulatedRequest parsed;
			try {
				parsed = SimulatedRequest.parse(body);
			}
			catch (IllegalArgumentException ex) {
				return sendJson(response, HttpResponseStatus.BAD_REQUEST,
						error("invalid_request_error", ex.getMessage()));
			}
			return answer(parsed, response);
		});
	}

	private Mono<Void> models(HttpServerRequest request, HttpServerResponse response) {
		return sendJson(response, HttpResponseStatus.OK, modelList());
	}

}
