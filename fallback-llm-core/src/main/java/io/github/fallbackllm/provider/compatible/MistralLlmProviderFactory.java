package io.github.fallbackllm.provider.compatible;

import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.provider.ErrorVocabulary;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * {@code type: mistral}: Mistral AI, whose errors are a flat envelope
 * ({@code {"object":"error","type":"invalid_model","message":...}}) rather than OpenAI's
 * {@code {"error":{...}}}.
 *
 * @author Fallback LLM contributors
 */
public class MistralLlmProviderFactory extends OpenAiCompatibleLlmProviderFactory {

	static final CompatibleType MISTRAL = CompatibleType.builder("mistral", "https://api.mistral.ai/v1")
		.embeddings(CompatibleType.Embeddings.FLOAT)
		.errors(new ErrorVocabulary() {

			@Override
			public JsonNode error(JsonNode root) {
				return "error".equals(root.path("object").asString("")) ? root : root.path("error");
			}

			@Override
			public @Nullable AttemptOutcome classify(@Nullable Integer status, JsonNode error) {
				return "invalid_model".equals(error.path("type").asString("")) ? AttemptOutcome.MODEL_NOT_FOUND : null;
			}

		})
		.build();

	public MistralLlmProviderFactory() {
		super(MISTRAL);
	}

}
