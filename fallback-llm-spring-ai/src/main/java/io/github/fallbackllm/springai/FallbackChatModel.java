package io.github.fallbackllm.springai;

import java.util.List;

import io.github.fallbackllm.FallbackChatService;
import io.github.fallbackllm.chat.AllProvidersFailedException;
import io.github.fallbackllm.chat.Attempt;
import io.github.fallbackllm.chat.FallbackChatException;
import io.github.fallbackllm.chat.ToolCallAccumulator;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;

import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.retry.NonTransientAiException;

/**
 * A Spring AI {@link ChatModel} that is a fallback chain: each call walks the chain of
 * {@link FallbackChatService}, so {@code ChatClient} code, advisors, tool calling and
 * structured output survive provider failures.
 * <p>
 * A stream switches target only until its first chunk, as every stream of the chain. A
 * call that no target answered ends with a {@link NonTransientAiException} whose cause is
 * the chain's {@link AllProvidersFailedException}: the chain has already retried and
 * fallen back, honouring {@code Retry-After}, so Spring AI's retry must not repeat it.
 * <p>
 * A model named in the options restricts the call to the targets of that model, in chain
 * order; a model no target serves is ignored.
 * <p>
 * The model records no observation of its own: the chain observes each attempt, and
 * {@code ChatClient} observes the call.
 *
 * @author Fallback LLM contributors
 */
public class FallbackChatModel implements ChatModel {

	private static final Log logger = LogFactory.getLog(FallbackChatModel.class);

	/**
	 * Key of the response metadata that holds the name of the provider that answered.
	 */
	public static final String PROVIDER_METADATA_KEY = "llm.fallback.provider";

	/**
	 * Key of the response metadata that holds the call's {@link Attempt attempts}, a
	 * {@code List<Attempt>}.
	 */
	public static final String ATTEMPTS_METADATA_KEY = "llm.fallback.attempts";

	private final FallbackChatService service;

	private final FallbackChatOptions defaultOptions;

	private final PromptMapper prompts;

	/**
	 * Create a model with no default options.
	 * @param service the fallback chain
	 */
	public FallbackChatModel(FallbackChatService service) {
		this(service, FallbackChatOptions.builder().build());
	}

	/**
	 * Create a model.
	 * @param service the fallback chain
	 * @param defaultOptions options used where a prompt sets none
	 */
	public FallbackChatModel(FallbackChatService service, FallbackChatOptions defaultOptions) {
		this.service = service;
		this.defaultOptions = defaultOptions;
		this.prompts = new PromptMapper(defaultOptions);
	}

	@Override
	public ChatResponse call(Prompt prompt) {
		try {
			return ChatResponseMapper.toResponse(chain(prompt).chat(this.prompts.toRequest(prompt)));
		}
		catch (FallbackChatException ex) {
			throw nonTransient(ex);
		}
	}

	@Override
	public Flux<ChatResponse> stream(Prompt prompt) {
		return Flux.defer(() -> {
			ToolCallAccumulator toolCalls = new ToolCallAccumulator();
			return chain(prompt).stream(this.prompts.toRequest(prompt)).<ChatResponse>handle((chunk, sink) -> {
				toolCalls.add(chunk);
				if (chunk.isLast()) {
					sink.next(ChatResponseMapper.toChunk(chunk, toolCalls.toolCalls()));
				}
				else if (!chunk.text().isEmpty()) {
					sink.next(ChatResponseMapper.toChunk(chunk, List.of()));
				}
			});
		}).onErrorMap(FallbackChatException.class, FallbackChatModel::nonTransient);
	}

	@Override
	public ChatOptions getOptions() {
		return this.defaultOptions;
	}

	/**
	 * The service for the model the prompt names: the route that name or alias selects,
	 * else this route cut down to the targets of that model; the whole route when the
	 * prompt names no model, or one that neither matches.
	 */
	private FallbackChatService chain(Prompt prompt) {
		String model = this.prompts.model(prompt);
		if (model == null) {
			return this.service;
		}
		return this.service.routeFor(model).or(() -> this.service.forModel(model)).orElseGet(() -> {
			if (logger.isDebugEnabled()) {
				logger.debug("No route or target serves model '" + model + "'; using the whole route");
			}
			return this.service;
		});
	}

	private static NonTransientAiException nonTransient(Throwable failure) {
		return new NonTransientAiException(failure.getMessage(), failure);
	}

}
