package io.github.fallbackllm.gateway.keys;

import java.util.Locale;

import io.github.fallbackllm.budget.ClientLimit;

/**
 * Why the gateway refused a request of a key, as the {@code reason} tag of
 * {@code llm.fallback.gateway.key.rejections} names it.
 *
 * @author Fallback LLM contributors
 */
public enum KeyRejection {

	/** No key, a malformed one, or one the gateway does not know: a 401. */
	INVALID_KEY,

	/** A route the key may not use: a 403. */
	ROUTE,

	/** Over the key's requests per minute: a 429. */
	RPM,

	/** Over the key's tokens per minute: a 429. */
	TPM,

	/** Over the key's tokens per UTC day: a 429. */
	TOKENS_PER_DAY;

	/**
	 * Return the tag value, such as {@code tokens_per_day}.
	 * @return the lower-case name
	 */
	public String tag() {
		return name().toLowerCase(Locale.ROOT);
	}

	static KeyRejection of(ClientLimit limit) {
		return switch (limit) {
			case RPM -> RPM;
			case TPM -> TPM;
			case TOKENS_PER_DAY -> TOKENS_PER_DAY;
		};
	}

}
