package io.github.fallbackllm.langchain4j;

import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import io.github.fallbackllm.FallbackChatService;
import io.github.fallbackllm.chat.ChatChunk;
import io.github.fallbackllm.chat.ChatStreamInterruptedException;
import reactor.core.publisher.Flux;

/**
 * A LangChain4j {@link StreamingChatModel} that is a fallback chain, for
 * {@code TokenStream} and streaming {@code AiServices}. Build one with
 * {@link FallbackLangChain4j#streamingChatModel(FallbackChatService)}.
 * <p>
 * A stream falls back like a call until its first token. After that it never switches
 * target, since the handler would receive a second answer after the start of the first: a
 * failure then reaches {@link StreamingChatResponseHandler#onError(Throwable)} with the
 * chain's {@link ChatStreamInterruptedException} as the cause. Partial responses, partial
 * tool calls and complete tool calls arrive in LangChain4j's order, on a thread that may
 * block (a tool run from the handler may), never on an HTTP event loop. Everything else
 * is as for {@link FallbackChatModel}; errors, invalid requests included, reach the
 * handler rather than the caller.
 *
 * @author Fallback LLM contributors
 */
public class FallbackStreamingChatModel extends ChainModel implements StreamingChatModel {

	FallbackStreamingChatModel(ChatChain chain) {
		super(chain);
	}

	@Override
	public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
		Flux<ChatChunk> chunks;
		try {
			chunks = chain().serviceFor(request).stream(RequestMapper.toRequest(request));
		}
		catch (RuntimeException ex) {
			handler.onError(Failures.toLangChain4j(ex));
			return;
		}
		StreamRelay.relay(chunks, handler);
	}

}
