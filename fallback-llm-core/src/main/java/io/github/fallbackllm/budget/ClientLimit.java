package io.github.fallbackllm.budget;

/**
 * The limit of a client that a call would break.
 *
 * @author Fallback LLM contributors
 */
public enum ClientLimit {

	/** Requests per minute. */
	RPM,

	/** Tokens per minute. */
	TPM,

	/** Tokens per UTC day. */
	TOKENS_PER_DAY

}
