package io.github.fallbackllm.provider.compatible;

import tools.jackson.databind.JsonNode;

/**
 * {@code type: groq}: GroqCloud. Its rate-limit headers are OpenAI's ({@code retry-after}
 * on a 429, {@code x-ratelimit-reset-*}). It answers 400 to {@code logprobs},
 * {@code logit_bias}, {@code n} other than 1 and {@code messages[].name}: a request with
 * one of them is left to the next target.
 *
 * @author Fallback LLM contributors
 */
public class GroqLlmProviderFactory extends OpenAiCompatibleLlmProviderFactory {

	static final CompatibleType GROQ = CompatibleType.builder("groq", "https://api.groq.com/openai/v1")
		.rejectedParameters((body) -> {
			if (isSet(body.path("logprobs")) || isSet(body.path("top_logprobs"))) {
				return "logprobs";
			}
			if (isSet(body.path("logit_bias"))) {
				return "logit_bias";
			}
			if (isSet(body.path("n")) && body.path("n").asInt(1) != 1) {
				return "n other than 1";
			}
			for (JsonNode message : body.path("messages")) {
				if (message.has("name")) {
					return "messages[].name";
				}
			}
			return null;
		})
		.build();

	public GroqLlmProviderFactory() {
		super(GROQ);
	}

	private static boolean isSet(JsonNode value) {
		return !value.isMissingNode() && !value.isNull() && !(value.isBoolean() && !value.asBoolean());
	}

}
