package io.github.fallbackllm.autoconfigure.langchain4j;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the LangChain4j chat models backed by the fallback chain.
 *
 * @author Fallback LLM contributors
 */
@ConfigurationProperties("llm.fallback.langchain4j")
public class FallbackLlmLangChain4jProperties {

	/**
	 * Whether to expose the fallback chain as LangChain4j ChatModel and
	 * StreamingChatModel beans.
	 */
	private boolean enabled = true;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

}
