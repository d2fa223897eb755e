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

	/** Variable of a {@link #defaultBaseUrl()} replaced with the configured resource. */
	String RESOURCE_VARIABLE = "{resource}";

	/**
	 * Return the value of {@code type} that selects this factory.
	 * @return the type
	 */
	String type();

	/**
	 * Return the base URL used when the configuration names none. It may hold a
	 * {@value #RESOURCE_VARIABLE} variable, for services with one host per customer
	 * resource, such as Azure OpenAI.
	 * @return the base URL
	 */
	String defaultBaseUrl();

	/**
	 * Return whether the type's endpoints need an API key, as public endpoints do; an
	 * endpoint on the local network needs none whatever this says.
	 * @return {@code true} unless the type's servers run without authentication
	 */
	default boolean requiresApiKey() {
		return true;
	}

	/**
	 * Create a provider.
	 * @param settings the provider's settings
	 * @param webClientBuilder a builder already set up with the application's HTTP client
	 * settings; the factory may change it
	 * @return the provider
	 */
	LlmProvider create(ProviderSettings settings, WebClient.Builder webClientBuilder);

}
