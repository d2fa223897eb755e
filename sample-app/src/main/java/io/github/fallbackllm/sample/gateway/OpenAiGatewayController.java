package io.github.fallbackllm.sample.gateway;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.github.fallbackllm.FallbackChatService;
import io.github.fallbackllm.autoconfigure.LlmProviderChain;
import io.github.fallbackllm.chat.ChatChunk;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.DisconnectedClientHelper;

/**
 * The OpenAI-compatible endpoints. Both kinds of chat completion write the response
 * themselves, because the headers that say who answered are known only once the answer,
 * or a stream's first chunk, has arrived; until then nothing is committed, so a call that
 * fails before its first chunk still gets a proper error status. Once committed, a
 * response is never given an error response; a client that goes away ends the call, and
 * with it the provider's stream.
 *
 * @author Fallback LLM contributors
 * @see OpenAiErrorHandler
 */
@RestController
@RequestMapping("/v1")
class OpenAiGatewayController {

	private static final Log logger = LogFactory.getLog(OpenAiGatewayController.class);

	private static final DisconnectedClientHelper disconnectedClients = new DisconnectedClientHelper(
			OpenAiGatewayController.class.getName());

	private static final MediaType EVENT_STREAM = new MediaType(MediaType.TEXT_EVENT_STREAM, StandardCharsets.UTF_8);

	private static final HexFormat HEX = HexFormat.of();

	private final FallbackChatService chatService;

	private final LlmProviderChain chain;

	OpenAiGatewayController(FallbackChatService chatService, LlmProviderChain chain) {
		this.chatService = chatService;
		this.chain = chain;
	}

	@PostMapping("/chat/completions")
	Mono<Void> chatCompletions(@RequestBody(required = false) byte @Nullable [] body, ServerHttpResponse response) {
		ChatCompletionRequest request = ChatCompletionRequest.parse(body);
		String id = completionId();
		long created = Instant.now().getEpochSecond();
		if (request.stream()) {
			ChatCompletionStream stream = new ChatCompletionStream(id, created, request.includeUsage());
			Flux<byte[]> events = this.chatService.stream(request.chatRequest()).switchOnFirst((first, chunks) -> {
				ChatChunk chunk = first.get();
				if (chunk == null) {
					return Flux.error(first.isOnError() ? first.getThrowable()
							: new IllegalStateException("The stream ended before its first chunk"));
				}
				LlmResponseHeaders.set(response.getHeaders(), chunk.provider(), chunk.model(), chunk.attempts());
				response.getHeaders().setContentType(EVENT_STREAM);
				response.getHeaders().setCacheControl(CacheControl.noCache());
				return stream.events(chunks);
			});
			// Whatever ends the write ends the provider's stream: a write that fails as
			// it
			// commits, because the client is gone, does not cancel what it was writing.
			Sinks.Empty<Void> written = Sinks.empty();
			Flux<byte[]> untilWritten = events.takeUntilOther(written.asMono());
			return afterCommit(response,
					response.writeAndFlushWith(untilWritten.map((event) -> Mono.just(buffer(response, event))))
						.doFinally((signal) -> written.tryEmitEmpty()));
		}
		return afterCommit(response, this.chatService.chatAsync(request.chatRequest()).flatMap((answer) -> {
			LlmResponseHeaders.set(response.getHeaders(), answer.provider(), answer.model(), answer.attempts());
			response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
			return response.writeWith(Mono.just(buffer(response, OpenAiJson.completion(id, created, answer))));
		}));
	}

	/**
	 * A failure once the response is committed cannot become an error response: a client
	 * that went away is logged at debug level, anything else as a warning, and nothing
	 * more is written.
	 */
	private static Mono<Void> afterCommit(ServerHttpResponse response, Mono<Void> write) {
		return write.onErrorResume((failure) -> response.isCommitted(), (failure) -> {
			if (!disconnectedClients.checkAndLogClientDisconnectedException(failure)) {
				logger.warn("Writing the response failed after it was committed", failure);
			}
			return Mono.empty();
		});
	}

	@GetMapping(path = "/models", produces = MediaType.APPLICATION_JSON_VALUE)
	String models() {
		return OpenAiJson.models(this.chain.links().stream().map(LlmProviderChain.Link::provider).toList());
	}

	/**
	 * A new completion id: 128 random bits in hex, as OpenAI's. It needs to be unique,
	 * not secret, so it does not take the lock of the secure random source.
	 */
	private static String completionId() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return "chatcmpl-" + HEX.toHexDigits(random.nextLong()) + HEX.toHexDigits(random.nextLong());
	}

	private static DataBuffer buffer(ServerHttpResponse response, byte[] bytes) {
		return response.bufferFactory().wrap(bytes);
	}

}
