package io.github.fallbackllm.provider.compatible;

import java.util.List;

import io.github.fallbackllm.provider.ProviderSettings;
import tools.jackson.databind.JsonNode;

/**
 * {@code type: gemini}: Google's Gemini API through its OpenAI-compatible endpoint, with
 * the key as a Bearer token as Google documents it, Google's error vocabulary, and the
 * {@code models/} prefix removed from listed model names.
 *
 * @author Fallback LLM contributors
 */
public class GeminiLlmProviderFactory extends OpenAiCompatibleLlmProviderFactory {

	static final CompatibleType GEMINI = CompatibleType
		.builder("gemini", "https://generativelanguage.googleapis.com/v1beta/openai")
		.embeddings(CompatibleType.Embeddings.FLOAT)
		.errors(GoogleRpcErrors.INSTANCE)
		.endpoints(new CompatibleEndpoints() {

			private static final String PREFIX = "models/";

			@Override
			public List<String> readModels(JsonNode body, ProviderSettings settings) {
				return CompatibleEndpoints.super.readModels(body, settings).stream()
					.map((id) -> id.startsWith(PREFIX) ? id.substring(PREFIX.length()) : id)
					.toList();
			}

		})
		.build();

	public GeminiLlmProviderFactory() {
		super(GEMINI);
	}

}
