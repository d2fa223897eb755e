package io.github.fallbackllm.provider.compatible;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import io.github.fallbackllm.provider.ProviderSettings;
import tools.jackson.databind.JsonNode;

import org.springframework.web.util.UriBuilder;

/**
 * {@code type: ollama}: a local Ollama server's OpenAI-compatible API, without a key.
 * Health reads Ollama's own model list, {@code /api/tags}, which names every pulled model
 * ({@code llama3.2:latest} answers to {@code llama3.2}).
 *
 * @author Fallback LLM contributors
 */
public class OllamaLlmProviderFactory extends OpenAiCompatibleLlmProviderFactory {

	static final CompatibleType OLLAMA = CompatibleType.builder("ollama", "http://localhost:11434/v1")
		.embeddings(CompatibleType.Embeddings.FLOAT)
		.keyless()
		.endpoints(new CompatibleEndpoints() {

			@Override
			public URI modelsUri(UriBuilder uri, ProviderSettings settings) {
				return uri.replacePath(CompatibleEndpoints.basePathWithout(settings, "/v1") + "/api/tags").build();
			}

			@Override
			public List<String> readModels(JsonNode body, ProviderSettings settings) {
				List<String> models = new ArrayList<>();
				body.path("models").forEach((model) -> models.add(model.path("name").asString("")));
				return models;
			}

		})
		.build();

	public OllamaLlmProviderFactory() {
		super(OLLAMA);
	}

}
