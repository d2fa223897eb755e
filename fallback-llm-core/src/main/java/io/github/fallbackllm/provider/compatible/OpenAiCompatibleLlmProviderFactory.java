package io.github.fallbackllm.provider.compatible;

import io.github.fallbackllm.provider.ErrorVocabulary;
import io.github.fallbackllm.provider.LlmProvider;
import io.github.fallbackllm.provider.LlmProviderFactory;
import io.github.fallbackllm.provider.ProviderSettings;
import io.github.fallbackllm.provider.RetryAfterHeaders;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * {@link LlmProviderFactory} of one {@link CompatibleType}. Each service registers a
 * subclass that names its type, as {@code META-INF/spring.factories} needs a class with a
 * no-argument constructor.
 *
 * @author Fallback LLM contributors
 */
public class OpenAiCompatibleLlmProviderFactory implements LlmProviderFactory {

	/**
	 * Rate limits in one window, {@code x-ratelimit-remaining} and
	 * {@code x-ratelimit-reset}, as OpenRouter and Together send them.
	 */
	static final ErrorVocabulary X_RATELIMIT_WINDOW = ErrorVocabulary
		.withRetryAfterHeaders(RetryAfterHeaders.STANDARD.withWindow("x-ratelimit-remaining", "x-ratelimit-reset"));

	private final CompatibleType type;

	/**
	 * Create a factory.
	 * @param type the service
	 */
	public OpenAiCompatibleLlmProviderFactory(CompatibleType type) {
		this.type = type;
	}

	@Override
	public String type() {
		return this.type.type();
	}

	@Override
	public String defaultBaseUrl() {
		return this.type.defaultBaseUrl();
	}

	@Override
	public boolean requiresApiKey() {
		return this.type.requiresApiKey();
	}

	@Override
	public LlmProvider create(ProviderSettings settings, WebClient.Builder webClientBuilder) {
		return new OpenAiCompatibleLlmProvider(settings, webClientBuilder, this.type);
	}

}
