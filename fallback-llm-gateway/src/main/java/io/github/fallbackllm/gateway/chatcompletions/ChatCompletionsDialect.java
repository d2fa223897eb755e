package io.github.fallbackllm.gateway.chatcompletions;

import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import io.github.fallbackllm.chat.ChatChunk;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.gateway.GatewayDialect;
import io.github.fallbackllm.gateway.GatewayError;
import io.github.fallbackllm.gateway.ImageUrls;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * OpenAI's Chat Completions API, {@code POST /v1/chat/completions}: the API most LLM
 * clients speak. Put first among the dialects, its envelope answers the requests to
 * unknown paths that no other dialect recognizes.
 *
 * @author Fallback LLM contributors
 */
public final class ChatCompletionsDialect implements GatewayDialect<ChatCompletionRequest> {

	private static final HexFormat HEX = HexFormat.of();

	private final ImageUrls images;

	/**
	 * Create the dialect.
	 * @param images which image URLs requests may carry
	 */
	public ChatCompletionsDialect(ImageUrls images) {
		this.images = images;
	}

	@Override
	public String path() {
		return "/v1/chat/completions";
	}

	@Override
	public Mono<ChatCompletionRequest> read(byte[] body, HttpHeaders headers) {
		return Mono.just(ChatCompletionRequest.parse(body, this.images));
	}

	@Override
	public Mono<byte[]> answer(ChatCompletionRequest request, ChatResponse answer) {
		return Mono.just(ChatCompletionJson.completion(completionId(), Instant.now().getEpochSecond(), answer));
	}

	@Override
	public Flux<byte[]> stream(ChatCompletionRequest request, Flux<ChatChunk> chunks) {
		return new ChatCompletionStream(completionId(), Instant.now().getEpochSecond(), request.includeUsage())
			.events(chunks);
	}

	/**
	 * OpenAI's error types: {@code invalid_request_error} for what the client must
	 * change, {@code all_providers_failed} when no provider could serve, with every
	 * attempt, and {@code server_error} for the gateway's own failures; the code, such as
	 * {@code invalid_api_key}, as the error has it.
	 */
	@Override
	public byte[] error(GatewayError error) {
		String type = error.status().is4xxClientError() ? "invalid_request_error"
				: (error.status().value() == HttpStatus.SERVICE_UNAVAILABLE.value()) ? "all_providers_failed"
						: "server_error";
		return ChatCompletionJson.error(error.message(), type, error.code(), error.attempts());
	}

	/**
	 * A new completion id: 128 random bits in hex, as OpenAI's. It needs to be unique,
	 * not secret, so it does not take the lock of the secure random source.
	 */
	private static String completionId() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return "chatcmpl-" + HEX.toHexDigits(random.nextLong()) + HEX.toHexDigits(random.nextLong());
	}

}
