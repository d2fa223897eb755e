package io.github.fallbackllm.chat;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The answer to a chat call and how it was obtained.
 *
 * @param content the generated text
 * @param provider the provider that answered
 * @param model the model that answered, as the provider reported it
 * @param finishReason why generation stopped
 * @param usage tokens consumed, when the provider reported them
 * @param attempts every target the call tried or skipped, in order; the last one
 * succeeded
 * @author Fallback LLM contributors
 */
public record ChatResponse(String content, String provider, String model, FinishReason finishReason,
		@Nullable TokenUsage usage, List<Attempt> attempts) {

	public ChatResponse {
		attempts = List.copyOf(attempts);
	}

	/**
	 * Return whether a target other than the first one in the chain answered.
	 * @return whether the call fell back
	 */
	public boolean fellBack() {
		return this.attempts.size() > 1;
	}

	public ChatResponse withAttempts(List<Attempt> attempts) {
		return new ChatResponse(this.content, this.provider, this.model, this.finishReason, this.usage, attempts);
	}

}
