package io.github.fallbackllm.langchain4j;

import java.util.List;
import java.util.Set;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequestParameters;

/**
 * What LangChain4j asks alike of the chat model and the streaming one, answered from
 * their {@link ChatChain}.
 *
 * @author Fallback LLM contributors
 */
abstract class ChainModel {

	private final ChatChain chain;

	ChainModel(ChatChain chain) {
		this.chain = chain;
	}

	ChatChain chain() {
		return this.chain;
	}

	/**
	 * Return the parameters a request's own override, as set on the builder.
	 * @return the default parameters
	 */
	public ChatRequestParameters defaultRequestParameters() {
		return this.chain.defaultRequestParameters();
	}

	/**
	 * Return the listeners that hear each call once.
	 * @return the listeners
	 */
	public List<ChatModelListener> listeners() {
		return this.chain.listeners();
	}

	/**
	 * Return {@link ModelProvider#OTHER}: the provider that answers changes from call to
	 * call, see {@link FallbackChatResponseMetadata#provider()}.
	 * @return {@link ModelProvider#OTHER}
	 */
	public ModelProvider provider() {
		return ModelProvider.OTHER;
	}

	/**
	 * Return {@link Capability#RESPONSE_FORMAT_JSON_SCHEMA} when every target of the
	 * chain (or of the default model) supports JSON-schema output, so that structured
	 * output never narrows the chain; nothing otherwise.
	 * @return the capabilities
	 */
	public Set<Capability> supportedCapabilities() {
		return this.chain.supportedCapabilities();
	}

}
