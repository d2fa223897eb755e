package io.github.fallbackllm.provider.openai;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Base64;

import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.TokenUsage;
import io.github.fallbackllm.embedding.EmbeddingRequest;
import io.github.fallbackllm.embedding.EmbeddingResult;
import io.github.fallbackllm.provider.ProviderException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAI's {@code /embeddings} wire format, which the OpenAI-compatible providers share.
 * Answers are read token by token into {@code float[]}s: a batch of 1,536-dimension
 * vectors as a tree would be tens of thousands of nodes.
 *
 * @author Fallback LLM contributors
 */
public final class OpenAiEmbeddings {

	/** The most inputs one request may carry, as OpenAI documents it. */
	public static final int MAX_INPUTS = 2048;

	private static final JsonMapper JSON = JsonMapper.shared();

	private OpenAiEmbeddings() {
	}

	/**
	 * Return the body of an embeddings call.
	 * @param model the model
	 * @param request the request
	 * @param base64 whether to ask for vectors as base64 (smaller, faster to read), which
	 * not every OpenAI-compatible server accepts
	 * @return the body
	 */
	public static ObjectNode body(String model, EmbeddingRequest request, boolean base64) {
		ObjectNode body = JSON.createObjectNode();
		body.put("model", model);
		ArrayNode input = body.putArray("input");
		request.inputs().forEach(input::add);
		if (request.dimensions() != null) {
			body.put("dimensions", request.dimensions());
		}
		if (base64) {
			body.put("encoding_format", "base64");
		}
		return body;
	}

	/**
	 * Read an answer: {@code data[].embedding} as float arrays or base64 strings of
	 * little-endian float32s, placed by {@code data[].index}.
	 * @param body the 2xx response body
	 * @param model the model that was asked, for answers that do not name theirs
	 * @param expected how many inputs were sent
	 * @return the vectors in input order, the model and the usage
	 * @throws ProviderException with {@link AttemptOutcome#INVALID_RESPONSE} when the
	 * answer is not one vector per input
	 */
	public static EmbeddingResult read(byte[] body, String model, int expected) {
		float[][] vectors = new float[expected][];
		String answeredModel = model;
		TokenUsage usage = null;
		try (JsonParser parser = JSON.createParser(body)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				throw invalid("the answer is not a JSON object");
			}
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String field = parser.currentName();
				JsonToken value = parser.nextToken();
				if ("data".equals(field) && value == JsonToken.START_ARRAY) {
					readData(parser, vectors);
				}
				else if ("model".equals(field) && value == JsonToken.VALUE_STRING) {
					answeredModel = parser.getString();
				}
				else if ("usage".equals(field) && value == JsonToken.START_OBJECT) {
					usage = readUsage(parser);
				}
				else {
					parser.skipChildren();
				}
			}
		}
		catch (JacksonException ex) {
			throw invalid("the answer is not valid JSON");
		}
		for (int i = 0; i < expected; i++) {
			if (vectors[i] == null) {
				throw invalid("no vector for input " + i + " of " + expected);
			}
		}
		return new EmbeddingResult(Arrays.asList(vectors), answeredModel, usage);
	}

	private static void readData(JsonParser parser, float[][] vectors) {
		int position = 0;
		while (parser.nextToken() == JsonToken.START_OBJECT) {
			int index = position++;
			float[] vector = null;
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String field = parser.currentName();
				JsonToken value = parser.nextToken();
				if ("index".equals(field) && value == JsonToken.VALUE_NUMBER_INT) {
					index = parser.getIntValue();
				}
				else if ("embedding".equals(field)) {
					vector = readVector(parser, value);
				}
				else {
					parser.skipChildren();
				}
			}
			if (index < 0 || index >= vectors.length) {
				throw invalid("a vector has index " + index + " but " + vectors.length + " inputs were sent");
			}
			if (vectors[index] != null) {
				throw invalid("two vectors have index " + index);
			}
			if (vector == null) {
				throw invalid("the vector of input " + index + " is missing");
			}
			vectors[index] = vector;
		}
	}

	private static float[] readVector(JsonParser parser, JsonToken value) {
		if (value == JsonToken.VALUE_STRING) {
			return decodeBase64(parser.getString());
		}
		if (value != JsonToken.START_ARRAY) {
			throw invalid("an embedding is neither an array of numbers nor a base64 string");
		}
		float[] vector = new float[256];
		int length = 0;
		JsonToken token;
		while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
			if (token != JsonToken.VALUE_NUMBER_FLOAT && token != JsonToken.VALUE_NUMBER_INT) {
				throw invalid("an embedding holds something other than numbers");
			}
			if (length == vector.length) {
				vector = Arrays.copyOf(vector, length * 2);
			}
			vector[length++] = parser.getFloatValue();
		}
		return (length == vector.length) ? vector : Arrays.copyOf(vector, length);
	}

	/** Base64 of little-endian float32s, as OpenAI's SDKs decode it. */
	static float[] decodeBase64(String encoded) {
		byte[] bytes;
		try {
			bytes = Base64.getDecoder().decode(encoded);
		}
		catch (IllegalArgumentException ex) {
			throw invalid("an embedding is not valid base64");
		}
		if (bytes.length % Float.BYTES != 0) {
			throw invalid("a base64 embedding of " + bytes.length + " bytes is not a whole number of float32s");
		}
		FloatBuffer floats = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
		float[] vector = new float[floats.remaining()];
		floats.get(vector);
		return vector;
	}

	private static @Nullable TokenUsage readUsage(JsonParser parser) {
		int prompt = -1;
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String field = parser.currentName();
			JsonToken value = parser.nextToken();
			if ("prompt_tokens".equals(field) && value == JsonToken.VALUE_NUMBER_INT) {
				prompt = parser.getIntValue();
			}
			else {
				parser.skipChildren();
			}
		}
		return (prompt >= 0) ? new TokenUsage(prompt, 0) : null;
	}

	private static ProviderException invalid(String detail) {
		return ProviderException.of(AttemptOutcome.INVALID_RESPONSE, "unusable embeddings answer: " + detail);
	}

	/**
	 * Return the vectors as base64 strings, as an OpenAI endpoint answers when asked for
	 * {@code encoding_format: base64}.
	 * @param vector the vector
	 * @return little-endian float32s in base64
	 */
	public static String encodeBase64(float[] vector) {
		ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
		bytes.asFloatBuffer().put(vector);
		return Base64.getEncoder().encodeToString(bytes.array());
	}

}
