package io.github.fallbackllm.gateway.messages;

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
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Anthropic's Messages API, {@code POST /v1/messages}, as Anthropic's SDKs and Claude
 * Code speak it. Requests are accepted whichever way the client authenticates
 * ({@code x-api-key} or {@code Authorization: Bearer}) and whatever
 * {@code anthropic-version} it sends: today's official clients send versions newer than
 * {@code 2023-06-01}, and the wire format this dialect writes is the same for all of
 * them.
 *
 * @author Fallback LLM contributors
 */
public final class MessagesDialect implements GatewayDialect<MessagesRequest> {

	/** The header every Anthropic client sends. */
	static final String ANTHROPIC_VERSION = "anthropic-version";

	private static final HexFormat HEX = HexFormat.of();

	private final ImageUrls images;

	/**
	 * Create the dialect.
	 * @param images which image URLs requests may carry
	 */
	public MessagesDialect(ImageUrls images) {
		this.images = images;
	}

	@Override
	public String path() {
		return "/v1/messages";
	}

	@Override
	public Mono<MessagesRequest> read(byte[] body, HttpHeaders headers) {
		return Mono.fromCallable(() -> MessagesRequest.parse(body, this.images));
	}

	@Override
	public Mono<byte[]> answer(MessagesRequest request, ChatResponse answer) {
		return Mono.fromCallable(() -> MessagesJson.message(messageId(), answer));
	}

	@Override
	public Flux<byte[]> stream(MessagesRequest request, Flux<ChatChunk> chunks) {
		return new MessagesStream(messageId()).events(chunks);
	}

	@Override
	public byte[] error(GatewayError error) {
		return MessagesJson.error(MessagesErrors.type(error.status().value()), error.message(), error.attempts());
	}

	@Override
	public boolean recognizes(ServerHttpRequest request) {
		return request.getHeaders().containsHeader(ANTHROPIC_VERSION);
	}

	/** A new message id: 128 random bits in hex; unique, not secret. */
	static String messageId() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return "msg_" + HEX.toHexDigits(random.nextLong()) + HEX.toHexDigits(random.nextLong());
	}

}
