package io.github.fallbackllm.autoconfigure;

import java.util.Map;

import io.github.fallbackllm.policy.FailureAdvice;

/**
 * Names the {@code llm.fallback.providers[i]} properties that set what a failure asks to
 * change; providers declared as beans are named as in code.
 *
 * @author Fallback LLM contributors
 */
public final class PropertyFailureAdvice implements FailureAdvice {

	private final Map<String, String> prefixes;

	/**
	 * Create advice for the given providers.
	 * @param prefixes the configuration prefix of each configured provider, by name
	 */
	public PropertyFailureAdvice(Map<String, String> prefixes) {
		this.prefixes = Map.copyOf(prefixes);
	}

	@Override
	public String credentials(String provider) {
		String prefix = this.prefixes.get(provider);
		return (prefix != null) ? prefix + ".api-key" : BY_NAME.credentials(provider);
	}

	@Override
	public String model(String provider, int modelIndex, String model) {
		String prefix = this.prefixes.get(provider);
		return (prefix != null) ? prefix + ".models[" + modelIndex + "]" : BY_NAME.model(provider, modelIndex, model);
	}

	@Override
	public String endpoint(String provider) {
		String prefix = this.prefixes.get(provider);
		return (prefix != null) ? prefix + ".base-url" : BY_NAME.endpoint(provider);
	}

}
