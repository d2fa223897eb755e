package io.github.fallbackllm.langchain4j;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.github.fallbackllm.FallbackChatService;
import io.github.fallbackllm.chat.AllProvidersFailedException;

/**
 * A LangChain4j {@link ChatModel} that is a fallback chain: each call walks the chain of
 * a {@link FallbackChatService}, so {@code AiServices}, their tools and structured
 * outputs survive provider failures. Build one with
 * {@link FallbackLangChain4j#chatModel(FallbackChatService)}.
 * <p>
 * A model named in the request parameters restricts the call to the targets of that
 * model, in chain order; a model no target serves is ignored. A call that no target
 * answered ends with a LangChain4j exception of the kind of its last failure (for example
 * {@link dev.langchain4j.exception.RateLimitException}) whose cause is the chain's
 * {@link AllProvidersFailedException}. Listeners hear each call once, however many
 * targets it tried; the answer's {@link FallbackChatResponseMetadata} names the provider
 * that answered and lists the attempts.
 *
 * @author Fallback LLM contributors
 */
public class FallbackChatModel extends ChainModel implements ChatModel {

	FallbackChatModel(ChatChain chain) {
		super(chain);
	}

	@Override
	public ChatResponse doChat(ChatRequest request) {
		try {
			return ResponseMapper.toResponse(chain().serviceFor(request).chat(RequestMapper.toRequest(request)));
		}
		catch (RuntimeException ex) {
			throw Failures.toLangChain4j(ex);
		}
	}

}
