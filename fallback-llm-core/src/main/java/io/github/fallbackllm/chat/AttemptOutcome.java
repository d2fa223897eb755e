package io.github.fallbackllm.chat;

/**
 * What happened when a call tried one target (a provider and one of its models).
 *
 * @author Fallback LLM contributors
 */
public enum AttemptOutcome {

	/** The target answered. */
	SUCCEEDED("answered"),

	/** Not called: the target was cooling down after earlier failures. */
	SKIPPED("skipped"),

	/**
	 * Cancelled, not failed: a hedge of the same call answered first. Says nothing about
	 * the target.
	 */
	HEDGED_OUT("cancelled: a hedge answered first"),

	/** HTTP 429 or a rate-limit error event: too many requests or tokens for now. */
	RATE_LIMITED("rate limited"),

	/** Quota, credit or spend limit exhausted; it will not heal by itself. */
	QUOTA_EXCEEDED("out of quota or credit"),

	/**
	 * 5xx, 408, 409, Anthropic 529 {@code overloaded_error}, or an error event
	 * mid-stream.
	 */
	SERVER_ERROR("server error"),

	/** Connection refused or reset, DNS failure, or a body cut short. */
	NETWORK_ERROR("network error"),

	/** No answer within the attempt's time limit. */
	TIMEOUT("timed out"),

	/**
	 * Not sent: this application had too many calls in flight and its connection pool was
	 * full. Says nothing about the provider.
	 */
	CLIENT_OVERLOADED("not sent: too many calls in flight here"),

	/** A 2xx whose body could not be used: not JSON, truncated, empty or too large. */
	INVALID_RESPONSE("unusable response"),

	/** HTTP 401 or 403: the key was rejected or lacks permission. */
	AUTHENTICATION_FAILED("rejected the credentials"),

	/** HTTP 404: the model (or the endpoint) does not exist for this key. */
	MODEL_NOT_FOUND("model not found"),

	/** The request does not fit the model's context window. */
	CONTEXT_TOO_LONG("request too large for the model"),

	/** The provider's content filter blocked the prompt or the answer. */
	CONTENT_FILTERED("blocked by the content filter"),

	/**
	 * Not called, or rejected with a 4xx saying so: the target does not support what the
	 * request needs (tools, images, JSON-schema output).
	 */
	UNSUPPORTED("does not support what the request needs"),

	/** Any other 4xx: the provider rejected the request. */
	BAD_REQUEST("rejected the request");

	private final String description;

	AttemptOutcome(String description) {
		this.description = description;
	}

	/**
	 * Return a short description in plain words, as used in error messages.
	 * @return the description
	 */
	public String description() {
		return this.description;
	}

}
