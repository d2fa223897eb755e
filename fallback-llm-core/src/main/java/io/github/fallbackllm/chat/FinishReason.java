package io.github.fallbackllm.chat;

/**
 * Why a model stopped generating, normalised across providers.
 *
 * @author Fallback LLM contributors
 */
public enum FinishReason {

	/** Natural end of the answer, or a stop sequence. */
	STOP,

	/** The output budget or the context window ran out. */
	LENGTH,

	/**
	 * The provider withheld content (OpenAI {@code content_filter}, Anthropic
	 * {@code refusal}).
	 */
	CONTENT_FILTER,

	/** The model asked to call a tool. */
	TOOL_CALLS,

	/** Anything else a provider reported. */
	OTHER

}
