package io.github.fallbackllm.embedding;

import java.util.List;

import io.github.fallbackllm.chat.Attempt;
import io.github.fallbackllm.chat.TokenUsage;
import org.jspecify.annotations.Nullable;

/**
 * The answer to an embedding call and how it was obtained. Every vector of one answer
 * comes from one embedding space, also when the inputs were sent in batches.
 *
 * @param vectors one vector per input, in input order
 * @param provider the provider that answered (of the last batch, when there were several)
 * @param model the model that answered, as the provider reported it
 * @param space the embedding space of the vectors: compare them only with vectors of the
 * same space
 * @param usage the tokens the inputs counted, when every batch reported them
 * @param attempts every target the call tried or skipped, in order
 * @author Fallback LLM contributors
 */
public record EmbeddingResponse(List<float[]> vectors, String provider, String model, String space,
		@Nullable TokenUsage usage, List<Attempt> attempts) {

	public EmbeddingResponse {
		vectors = List.copyOf(vectors);
		attempts = List.copyOf(attempts);
	}

	/**
	 * Return this answer with the attempts of its call.
	 * @param attempts the attempts, in order
	 * @return the answer
	 */
	public EmbeddingResponse withAttempts(List<Attempt> attempts) {
		return new EmbeddingResponse(this.vectors, this.provider, this.model, this.space, this.usage, attempts);
	}

	/**
	 * Return the length of the vectors.
	 * @return the dimensions
	 */
	public int dimensions() {
		return this.vectors.get(0).length;
	}

}
