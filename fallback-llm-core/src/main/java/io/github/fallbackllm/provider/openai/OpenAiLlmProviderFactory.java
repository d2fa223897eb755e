package io.github.fallbackllm.provider.openai;

import io.github.fallbackllm.provider.LlmProvider;
import io.github.fallbackllm.provider.LlmProviderFactory;
import io.github.fallbackllm.provider.ProviderSettings;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * {@link LlmProviderFactory} for {@code type: openai}.
 *
 * @author Fallback LLM contributors
 */
public class OpenAiLlmProviderFactory implements LlmProviderFactory {

	@Override
	public String type() {
		return "openai";
	}

	@Override
	public String defaultBaseUrl() {
		return "https://api.openai.com/v1";
	}

	@Override
	public LlmProvider create(ProviderSettings settings, WebClient.Builder webClientBuilder) {
		return new OpenAiLlmProvider(settings, webClientBuilder);
	}

}
