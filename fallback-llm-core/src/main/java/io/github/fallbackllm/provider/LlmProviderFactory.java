package io.github.fallbackllm.provider;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * Creates the providers of one wire format ({@code llm.fallback.providers[].type}).
 * Factories are discovered from {@code META-INF/spring.factories} under this interface's
 * name, so a new wire format is one package plus one line there.
 *
 * @author Fallback LLM contributors
 */
public interface LlmProviderFactory {

	/**
	 * Return the value of {@code type} that selects this factory.
	 * @return the type
	 */
	String type();

	/**
	 * Return the base URL used when the configuration names none.
	 * @return the base URL
	 */
	String defaultBaseUrl();

	/**
	 * Create a provider.
	 * @param settings the provider's settings
	 * @param webClientBuilder a builder already set up with the application's HTTP client
	 * settings; the factory may change it
	 * @return the provider
	 */
	LlmProvider create(ProviderSettings settings, WebClient.Builder webClientBuilder);

}
