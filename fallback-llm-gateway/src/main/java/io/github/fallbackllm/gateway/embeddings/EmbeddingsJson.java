package io.github.fallbackllm.gateway.embeddings;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;

import io.github.fallbackllm.chat.TokenUsage;
import io.github.fallbackllm.embedding.EmbeddingResponse;
import io.github.fallbackllm.gateway.GatewayJson;
import tools.jackson.core.JsonGenerator;

/**
 * Writes OpenAI's embeddings answer:
 * {@code {"object":"list","data":[{"object":"embedding","index":i,"embedding":…}],"model":…,"usage":{"prompt_tokens":…,"total_tokens":…}}},
 * each vector a float array or, for {@code encoding_format: base64}, the base64 of its
 * little-endian float32 values, as OpenAI sends them and its SDKs decode them.
 *
 * @author Fallback LLM contributors
 */
final class EmbeddingsJson {

	private EmbeddingsJson() {
	}

	/**
	 * Write an answer.
	 * @param request the request
	 * @param answer the chain's answer
	 * @return the body, in UTF-8
	 */
	static byte[] answer(EmbeddingsRequest request, EmbeddingResponse answer) {
		return GatewayJson.object((json) -> {
			json.writeStringProperty("object", "list");
			json.writeArrayPropertyStart("data");
			List<float[]> vectors = answer.vectors();
			for (int i = 0; i < vectors.size(); i++) {
				json.writeStartObject();
				json.writeStringProperty("object", "embedding");
				json.writeNumberProperty("index", i);
				json.writeName("embedding");
				if (request.base64()) {
					json.writeString(base64(vectors.get(i)));
				}
				else {
					floats(json, vectors.get(i));
				}
				json.writeEndObject();
			}
			json.writeEndArray();
			json.writeStringProperty("model", answer.model());
			// OpenAI's clients expect usage; a provider that reported none counts 0.
			TokenUsage usage = answer.usage();
			json.writeObjectPropertyStart("usage");
			json.writeNumberProperty("prompt_tokens", (usage != null) ? usage.promptTokens() : 0);
			json.writeNumberProperty("total_tokens", (usage != null) ? usage.totalTokens() : 0);
			json.writeEndObject();
		});
	}

	private static void floats(JsonGenerator json, float[] vector) {
		json.writeStartArray();
		for (float value : vector) {
			json.writeNumber(value);
		}
		json.writeEndArray();
	}

	static String base64(float[] vector) {
		ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
		bytes.asFloatBuffer().put(vector);
		return Base64.getEncoder().encodeToString(bytes.array());
	}

}
