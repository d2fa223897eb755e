package io.github.fallbackllm.embedding;

import java.util.List;

import io.github.fallbackllm.chat.TokenUsage;
import org.jspecify.annotations.Nullable;

/**
 * What one provider answered to an embedding request: a vector per input, in input order.
 *
 * @param vectors the vectors, in input order
 * @param model the model that answered, as the provider names it
 * @param usage the tokens the inputs counted, or {@code null} when not reported
 * @author Fallback LLM contributors
 */
public record EmbeddingResult(List<float[]> vectors, String model, @Nullable TokenUsage usage) {

}
