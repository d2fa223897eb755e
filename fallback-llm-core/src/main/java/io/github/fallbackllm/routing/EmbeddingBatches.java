package io.github.fallbackllm.routing;

import java.util.ArrayList;
import java.util.List;

import io.github.fallbackllm.chat.Attempt;
import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.TokenUsage;
import io.github.fallbackllm.embedding.EmbeddingRequest;
import io.github.fallbackllm.embedding.EmbeddingResponse;
import io.github.fallbackllm.embedding.EmbeddingResult;
import io.github.fallbackllm.provider.ProviderException;
import org.jspecify.annotations.Nullable;

/**
 * The answers of embedding calls: what a target's answer must hold to be returned, and
 * how the answers of a call's batches make one.
 *
 * @author Fallback LLM contributors
 */
final class EmbeddingBatches {

	private EmbeddingBatches() {
	}

	/**
	 * Return a target's answer to one batch, if it is usable: a vector per input, all of
	 * one length, the length asked for when the request names one.
	 * @throws ProviderException with {@link AttemptOutcome#INVALID_RESPONSE} otherwise, a
	 * failure of the target that moves on to the next
	 */
	static EmbeddingResponse answer(Target target, EmbeddingRequest request, EmbeddingResult result) {
		List<float[]> vectors = result.vectors();
		if (vectors.size() != request.inputs().size()) {
			throw unusable(vectors.size() + " vectors for " + request.inputs().size() + " inputs");
		}
		Integer asked = request.dimensions();
		int length = (asked != null) ? asked : vectors.get(0).length;
		if (length == 0) {
			throw unusable("empty vectors");
		}
		for (float[] vector : vectors) {
			if (vector.length != length) {
				throw unusable(
						(asked != null) ? "a vector of " + vector.length + " dimensions where " + asked + " were asked"
								: "vectors of " + length + " and " + vector.length + " dimensions");
			}
		}
		String space = target.embeddingSpace();
		return new EmbeddingResponse(vectors, target.provider(), result.model(),
				(space != null) ? space : target.model(), result.usage(), List.of());
	}

	/**
	 * Join the answers of a call's batches, in input order: the provider and model of the
	 * last, the usage summed when every batch reported it, the attempts of all.
	 */
	static EmbeddingResponse join(EmbeddingResponse first, List<EmbeddingResponse> rest) {
		List<float[]> vectors = new ArrayList<>(first.vectors());
		List<Attempt> attempts = new ArrayList<>(first.attempts());
		@Nullable TokenUsage usage = first.usage();
		EmbeddingResponse last = first;
		for (EmbeddingResponse batch : rest) {
			vectors.addAll(batch.vectors());
			attempts.addAll(batch.attempts());
			usage = (usage != null && batch.usage() != null) ? sum(usage, batch.usage()) : null;
			last = batch;
		}
		return new EmbeddingResponse(vectors, last.provider(), last.model(), first.space(), usage, attempts);
	}

	private static TokenUsage sum(TokenUsage first, TokenUsage second) {
		return new TokenUsage(first.promptTokens() + second.promptTokens(),
				first.completionTokens() + second.completionTokens());
	}

	private static ProviderException unusable(String detail) {
		return ProviderException.of(AttemptOutcome.INVALID_RESPONSE, "unusable embeddings answer: " + detail);
	}

}
