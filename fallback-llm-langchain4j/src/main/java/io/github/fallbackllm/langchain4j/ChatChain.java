package io.github.fallbackllm.langchain4j;

import java.util.List;
import java.util.Set;

import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import io.github.fallbackllm.FallbackChatService;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * What the chat models of this package share: the chain, the default request parameters
 * and the listeners, and the choice of the part of the chain that serves a request.
 *
 * @author Fallback LLM contributors
 */
final class ChatChain {

	private static final Log logger = LogFactory.getLog(ChatChain.class);

	private final FallbackChatService service;

	private final ChatRequestParameters defaultRequestParameters;

	private final List<ChatModelListener> listeners;

	ChatChain(FallbackChatService service, ChatRequestParameters defaultRequestParameters,
			List<ChatModelListener> listeners) {
		this.service = service;
		this.defaultRequestParameters = defaultRequestParameters;
		this.listeners = List.copyOf(listeners);
	}

	ChatRequestParameters defaultRequestParameters() {
		return this.defaultRequestParameters;
	}

	List<ChatModelListener> listeners() {
		return this.listeners;
	}

	/**
	 * Return the part of the chain that serves a request: the targets of the model it
	 * names, or the whole chain.
	 */
	FallbackChatService serviceFor(ChatRequest request) {
		return serviceFor(RequestMapper.modelName(request.parameters()));
	}

	/**
	 * Report structured output only when every target of the chain supports it: then
	 * {@code AiServices} sends a JSON schema, otherwise it asks for JSON in the prompt,
	 * which every target can serve, so a structured call never narrows the chain.
	 */
	Set<Capability> supportedCapabilities() {
		return serviceFor(RequestMapper.modelName(this.defaultRequestParameters)).capabilities()
			.contains(io.github.fallbackllm.chat.Capability.JSON_SCHEMA)
					? Set.of(Capability.RESPONSE_FORMAT_JSON_SCHEMA) : Set.of();
	}

	/**
	 * The one place that maps a model name to part of the chain: the route it names or
	 * aliases, else the targets of that model.
	 */
	private FallbackChatService serviceFor(@Nullable String model) {
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

}
