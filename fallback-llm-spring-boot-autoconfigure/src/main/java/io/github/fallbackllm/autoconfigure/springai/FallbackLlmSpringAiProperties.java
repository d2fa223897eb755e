package io.github.fallbackllm.autoconfigure.springai;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the Spring AI {@code ChatModel} backed by the fallback chain.
 *
 * @author Fallback LLM contributors
 */
@ConfigurationProperties("llm.fallback.spring-ai")
public class FallbackLlmSpringAiProperties {

	/**
	 * Whether to expose the fallback chain as a Spring AI ChatModel bean named
	 * 'fallbackChatModel'.
	 */
	private boolean enabled = true;

	/**
	 * Whether the fallback ChatModel is the primary one, so that ChatClient.Builder picks
	 * it when Spring AI's own model starters define ChatModel beans too.
	 */
	private boolean primary = true;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public boolean isPrimary() {
		return this.primary;
	}

	public void setPrimary(boolean primary) {
		this.primary = primary;
	}

}
