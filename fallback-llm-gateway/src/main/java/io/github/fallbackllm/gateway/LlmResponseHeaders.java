package io.github.fallbackllm.gateway;

import java.util.List;
import java.util.Locale;

import io.github.fallbackllm.chat.Attempt;

import org.springframework.http.HttpHeaders;

/**
 * Response headers that say who answered and how: {@value #PROVIDER}, {@value #MODEL},
 * and {@value #ATTEMPTS}, the targets the call went through, in order, each with its
 * outcome, such as
 * {@code simulated-openai/sim-gpt-4o-mini=rate_limited, simulated-anthropic/sim-claude-sonnet-4-5=succeeded};
 * on embeddings also {@value #EMBEDDING_SPACE}, the space of the vectors.
 *
 * @author Fallback LLM contributors
 */
public final class LlmResponseHeaders {

	static final String PROVIDER = "x-llm-provider";

	static final String MODEL = "x-llm-model";

	static final String ATTEMPTS = "x-llm-attempts";

	static final String EMBEDDING_SPACE = "x-llm-embedding-space";

	private LlmResponseHeaders() {
	}

	/**
	 * Set the headers.
	 * @param headers the response headers
	 * @param provider the provider that answered
	 * @param model the model that answered
	 * @param attempts the attempts of the call
	 */
	public static void set(HttpHeaders headers, String provider, String model, List<Attempt> attempts) {
		headers.set(PROVIDER, headerValue(provider));
		headers.set(MODEL, headerValue(model));
		StringBuilder value = new StringBuilder(64 * attempts.size());
		for (Attempt attempt : attempts) {
			if (!value.isEmpty()) {
				value.append(", ");
			}
			appendHeaderValue(value, attempt.target());
			value.append('=').append(attempt.outcome().name().toLowerCase(Locale.ROOT));
		}
		headers.set(ATTEMPTS, value.toString());
	}

	/**
	 * Set the headers of an embeddings answer.
	 * @param headers the response headers
	 * @param provider the provider that answered
	 * @param model the model that answered
	 * @param space the embedding space of the vectors
	 * @param attempts the attempts of the call
	 */
	public static void set(HttpHeaders headers, String provider, String model, String space, List<Attempt> attempts) {
		set(headers, provider, model, attempts);
		headers.set(EMBEDDING_SPACE, headerValue(space));
	}

	/**
	 * Model names come from providers' responses: keep to visible ASCII, without the list
	 * separator.
	 */
	private static String headerValue(String value) {
		return appendHeaderValue(new StringBuilder(value.length()), value).toString();
	}

	private static StringBuilder appendHeaderValue(StringBuilder safe, String value) {
		value.codePoints().forEach((c) -> safe.append((c >= 0x20 && c < 0x7f && c != ',') ? (char) c : '?'));
		return safe;
	}

}
