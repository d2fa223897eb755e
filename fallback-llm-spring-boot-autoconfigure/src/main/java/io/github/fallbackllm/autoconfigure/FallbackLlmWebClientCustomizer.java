package io.github.fallbackllm.autoconfigure;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * Callback to customize the {@link WebClient.Builder} of one configured provider, for
 * example to give it a proxy or its own SSL bundle. Applied after the application's
 * {@code WebClientCustomizer}s, in {@code @Order}.
 *
 * @author Fallback LLM contributors
 */
@FunctionalInterface
public interface FallbackLlmWebClientCustomizer {

	/**
	 * Customize the builder of a provider.
	 * @param provider the provider's properties
	 * @param webClientBuilder the builder
	 */
	void customize(FallbackLlmProperties.Provider provider, WebClient.Builder webClientBuilder);

}
