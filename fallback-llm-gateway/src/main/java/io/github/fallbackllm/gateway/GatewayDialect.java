package io.github.fallbackllm.gateway;

import io.github.fallbackllm.chat.ChatChunk;
import io.github.fallbackllm.chat.ChatResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * One API the gateway speaks, such as OpenAI Chat Completions: how its requests are read
 * and its answers, streams and errors written. Everything else is shared and happens
 * around it, in the same order for every dialect: the body is read within the size and
 * time limits, the request's model selects the route, the response headers say who
 * answered, a client that goes away ends the call quietly.
 * <p>
 * An implementation is stateless, or keeps its state per request in its
 * {@link GatewayRequest}, and lives in a package of its own.
 *
 * @param <R> the dialect's request
 * @author Fallback LLM contributors
 */
public interface GatewayDialect<R extends GatewayRequest> {

	/**
	 * Return the path of the dialect's chat endpoint, served for {@code POST}, such as
	 * {@code /v1/chat/completions}; other methods get a 405 in the dialect's envelope.
	 * @return the path
	 */
	String path();

	/**
	 * Read a request body.
	 * @param body the body, empty when there was none
	 * @param headers the request's headers
	 * @return the request, or an error: an
	 * {@link io.github.fallbackllm.chat.InvalidChatRequestException} with a message that
	 * says what to change becomes a 400
	 */
	Mono<R> read(byte[] body, HttpHeaders headers);

	/**
	 * Write a complete answer, as a JSON body.
	 * @param request the request
	 * @param answer the answer
	 * @return the body, in UTF-8
	 */
	Mono<byte[]> answer(R request, ChatResponse answer);

	/**
	 * Write a streamed answer as server-sent events, once its first chunk has arrived.
	 * Each chunk must become one element holding all of its events ({@code map}, never a
	 * flattening operator, whose queue an error clears of chunks not yet sent), and a
	 * failure must become the dialect's error event, so that a client never mistakes a
	 * cut answer for a complete one.
	 * @param request the request
	 * @param chunks the chunks, the first one included
	 * @return the events, each with its blank line, in UTF-8
	 */
	Flux<byte[]> stream(R request, Flux<ChatChunk> chunks);

	/**
	 * Write an error response's body in the dialect's envelope.
	 * @param error the error
	 * @return the body, JSON in UTF-8
	 */
	byte[] error(GatewayError error);

	/**
	 * Return whether a request to a path that no endpoint serves comes from a client of
	 * this dialect, so that its 404 is written in this dialect's envelope, such as a
	 * request with an {@code anthropic-version} header. The first dialect that recognizes
	 * the request writes the 404; when none does, the first dialect.
	 * @param request the request
	 * @return whether the request is this dialect's
	 */
	default boolean recognizes(ServerHttpRequest request) {
		return false;
	}

}
