package io.github.fallbackllm.gateway.responses;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import io.github.fallbackllm.chat.ChatChunk;
import io.github.fallbackllm.chat.ChatMessage;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.gateway.GatewayDialect;
import io.github.fallbackllm.gateway.GatewayError;
import io.github.fallbackllm.gateway.ImageUrls;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * OpenAI's Responses API, {@code POST /v1/responses}, the API of OpenAI's agents and
 * Codex. Stateless unless a {@link ResponseStore} is given: then each response's
 * conversation is kept, and a request that names it as its {@code previous_response_id}
 * continues it on whichever target serves, so the conversation survives a failover.
 *
 * @author Fallback LLM contributors
 */
public final class ResponsesDialect implements GatewayDialect<ResponsesCall> {

	private static final Log logger = LogFactory.getLog(ResponsesDialect.class);

	private static final SecureRandom RESPONSE_IDS = new SecureRandom();

	/** The property that enables the response store. */
	public static final String STORE_PROPERTY = ResponsesProperties.PREFIX + ".store";

	private final ImageUrls images;

	private final @Nullable ResponseStore store;

	/**
	 * Create the dialect.
	 * @param images which image URLs requests may carry
	 * @param store where response conversations are kept, or {@code null} to keep none,
	 * so that {@code previous_response_id} is refused
	 */
	public ResponsesDialect(ImageUrls images, @Nullable ResponseStore store) {
		this.images = images;
		this.store = store;
	}

	@Override
	public String path() {
		return "/v1/responses";
	}

	@Override
	public Mono<ResponsesCall> read(byte[] body, HttpHeaders headers) {
		ResponsesRequest request = ResponsesRequest.parse(body, this.images);
		boolean stored = this.store != null && request.store();
		return history(request).map((history) -> new ResponsesCall(request, history, newResponseId(),
				Instant.now().getEpochSecond(), stored));
	}

	/**
	 * A new response identifier: {@code resp_} and 128 bits of the secure random source
	 * in hex. With the store on, whoever knows an identifier continues its conversation,
	 * whichever gateway key they call with, so it must not be guessable from the
	 * identifiers a client has seen.
	 */
	private static String newResponseId() {
		byte[] bits = new byte[16];
		RESPONSE_IDS.nextBytes(bits);
		return "resp_" + HexFormat.of().formatHex(bits);
	}

	private Mono<List<ChatMessage>> history(ResponsesRequest request) {
		String previous = request.previousResponseId();
		if (previous == null) {
			return Mono.just(List.of());
		}
		if (this.store == null) {
			return Mono
				.error(new ResponsesRequestException("previous_response_id", ResponsesRequestException.UNSUPPORTED,
						"previous_response_id needs the gateway to store responses, which it does not: send the whole "
								+ "conversation in input (and store: false), or enable " + STORE_PROPERTY));
		}
		return this.store.conversation(previous)
			.onErrorMap((failure) -> !(failure instanceof ResponsesRequestException),
					(failure) -> new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE,
							"The response store could not be read (" + failure.getClass().getSimpleName()
									+ "); send the whole conversation in input, or retry",
							failure))
			.switchIfEmpty(Mono.error(() -> new ResponsesRequestException("previous_response_id",
					ResponsesRequestException.PREVIOUS_RESPONSE_NOT_FOUND,
					"Previous response '" + previous + "' is not stored in this gateway: it was stored with store: "
							+ "false, was too large to store, or has expired or been evicted ("
							+ ResponsesProperties.PREFIX
							+ ".store-*), or, with the in-memory store, was stored by another instance or before a "
							+ "restart; send the whole conversation in input")));
	}

	@Override
	public Mono<byte[]> answer(ResponsesCall call, ChatResponse answer) {
		List<OutputItem> output = OutputItem.of(answer, (ResponsesJson.incompleteReason(answer.finishReason()) != null)
				? OutputItem.INCOMPLETE : OutputItem.COMPLETED);
		byte[] body = ResponsesJson.response(call.head(answer.model()),
				ResponsesJson.State.finished(output, answer.finishReason(), answer.usage()));
		return save(call, output).thenReturn(body);
	}

	@Override
	public Flux<byte[]> stream(ResponsesCall call, Flux<ChatChunk> chunks) {
		return new ResponsesStream(call.id(), call.createdAt(), call.request(), call.stored(),
				(output) -> save(call, output))
			.events(chunks);
	}

	private Mono<Void> save(ResponsesCall call, List<OutputItem> output) {
		if (!call.stored() || this.store == null) {
			return Mono.empty();
		}
		List<ChatMessage> conversation = call.request().conversation(call.history());
		conversation.add(OutputItem.assistantMessage(output));
		// The answer is whole, and paid for: a store that fails costs the continuation,
		// which is then refused with a 400, not this answer.
		return this.store.save(call.id(), conversation).onErrorResume((failure) -> {
			if (logger.isWarnEnabled()) {
				logger.warn("Response " + call.id() + " could not be stored (" + failure.getClass().getSimpleName()
						+ "): a request that continues it will be refused");
			}
			return Mono.empty();
		});
	}

	/**
	 * OpenAI's error types: {@code invalid_request_error} for what the client must
	 * change, {@code all_providers_failed} when no provider could serve, and
	 * {@code server_error} for the gateway's own failures.
	 */
	@Override
	public byte[] error(GatewayError error) {
		String type = error.status().is4xxClientError() ? "invalid_request_error"
				: (error.status().value() == HttpStatus.SERVICE_UNAVAILABLE.value()) ? "all_providers_failed"
						: "server_error";
		return ResponsesJson.error(error.message(), type, null, error.code(), error.attempts());
	}

}
