package io.github.fallbackllm.chat;

/**
 * Tokens a call consumed, as the provider reported them.
 *
 * @param promptTokens tokens read
 * @param completionTokens tokens generated
 * @author Fallback LLM contributors
 */
public record TokenUsage(int promptTokens, int completionTokens) {

	public int totalTokens() {
		return this.promptTokens + this.completionTokens;
	}

}
