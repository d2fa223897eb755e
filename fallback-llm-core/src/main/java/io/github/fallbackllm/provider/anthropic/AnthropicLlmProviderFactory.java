package io.github.fallbackllm.provider.anthropic;

import io.github.fallbackllm.provider.LlmProvider;
import io.github.fallbackllm.provider.LlmProviderFactory;
import io.github.fallbackllm.provider.ProviderSettings;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * {@link LlmProviderFactory} for {@code type: anthropic}.
 *
 * @author Fallback LLM contributors
 */
public class AnthropicLlmProviderFactory implements LlmProviderFactory {

	@Override
	public String type() {
		return "anthropic";
	}

	@Override
	public String defaultBaseUrl() {
		return "https://api.anthropic.com/v1";
	}

	@Override
	public LlmProvider create(ProviderSettings settings, WebClient.Builder webClientBuilder) {
		return new AnthropicLlmProvider(settings, webClientBuilder);
	}

}
