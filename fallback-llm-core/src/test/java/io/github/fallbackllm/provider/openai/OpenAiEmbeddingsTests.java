package io.github.fallbackllm.provider.openai;

import java.nio.charset.StandardCharsets;

import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.TokenUsage;
import io.github.fallbackllm.embedding.EmbeddingRequest;
import io.github.fallbackllm.embedding.EmbeddingResult;
import io.github.fallbackllm.provider.ProviderException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * OpenAI's embeddings wire format.
 *
 * @author Fallback LLM contributors
 */
class OpenAiEmbeddingsTests {

	@Test
	void bodyAsksForBase64AndTheDimensionsOnlyWhenAsked() {
		assertThat(OpenAiEmbeddings.body("text-embedding-3-small", EmbeddingRequest.of("a", "b"), true)).hasToString(
				"{\"model\":\"text-embedding-3-small\",\"input\":[\"a\",\"b\"],\"encoding_format\":\"base64\"}");
		EmbeddingRequest shortened = EmbeddingRequest.builder().input("a").dimensions(256).build();
		assertThat(OpenAiEmbeddings.body("m", shortened, false))
			.hasToString("{\"model\":\"m\",\"input\":[\"a\"],\"dimensions\":256}");
	}

	@Test
	void floatVectorsArePlacedByTheirIndexNotTheirPosition() {
		EmbeddingResult result = read("""
				{"object":"list","data":[
				  {"object":"embedding","index":1,"embedding":[0.5,-1,2.25]},
				  {"object":"embedding","index":0,"embedding":[1e-3,0,3]}],
				 "model":"text-embedding-3-small-v2","usage":{"prompt_tokens":7,"total_tokens":7}}""", 2);

		assertThat(result.vectors()).containsExactly(new float[] { 0.001f, 0f, 3f }, new float[] { 0.5f, -1f, 2.25f });
		assertThat(result.model()).isEqualTo("text-embedding-3-small-v2");
		assertThat(result.usage()).isEqualTo(new TokenUsage(7, 0));
	}

	@Test
	void base64VectorsAreLittleEndianFloat32s() {
		float[] vector = { 0.25f, -0.5f, 1.0e-7f, Float.MAX_VALUE };
		String encoded = OpenAiEmbeddings.encodeBase64(vector);
		// 0.25f is 0x3E800000: little-endian puts its zero bytes first.
		assertThat(encoded).startsWith("AACAPg");

		EmbeddingResult result = read("{\"data\":[{\"index\":0,\"embedding\":\"" + encoded + "\"}]}", 1);

		assertThat(result.vectors()).containsExactly(vector);
		assertThat(result.model()).isEqualTo("asked");
		assertThat(result.usage()).isNull();
	}

	@Test
	void longVectorsGrowPastTheInitialBuffer() {
		StringBuilder json = new StringBuilder("{\"data\":[{\"index\":0,\"embedding\":[");
		for (int i = 0; i < 1536; i++) {
			json.append((i > 0) ? "," : "").append(i);
		}
		EmbeddingResult result = read(json.append("]}]}").toString(), 1);

		assertThat(result.vectors().get(0)).hasSize(1536).startsWith(0f, 1f).endsWith(1535f);
	}

	@Test
	void anAnswerWithoutAVectorForEveryInputIsUnusable() {
		assertInvalid("{\"data\":[{\"index\":0,\"embedding\":[1]}]}", 2, "no vector for input 1 of 2");
		assertInvalid("{\"data\":[{\"index\":0,\"embedding\":[1]},{\"index\":0,\"embedding\":[2]}]}", 2,
				"two vectors have index 0");
		assertInvalid("{\"data\":[{\"index\":5,\"embedding\":[1]}]}", 1, "index 5 but 1 inputs");
		assertInvalid("{\"data\":[{\"index\":0,\"embedding\":\"AAA\"}]}", 1, "not a whole number of float32s");
		assertInvalid("{\"data\":[{\"index\":0,\"embedding\":[\"x\"]}]}", 1, "other than numbers");
		assertInvalid("[1,2]", 1, "not a JSON object");
		assertInvalid("{\"data\":[{\"index\":0,", 1, "not valid JSON");
	}

	private static void assertInvalid(String json, int expected, String detail) {
		assertThatExceptionOfType(ProviderException.class).isThrownBy(() -> read(json, expected))
			.satisfies((ex) -> assertThat(ex.getOutcome()).isEqualTo(AttemptOutcome.INVALID_RESPONSE))
			.withMessageContaining(detail);
	}

	private static EmbeddingResult read(String json, int expected) {
		return OpenAiEmbeddings.read(json.getBytes(StandardCharsets.UTF_8), "asked", expected);
	}

}
