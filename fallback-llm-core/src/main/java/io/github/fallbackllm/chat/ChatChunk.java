package io.github.fallbackllm.chat;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A piece of a streamed answer. Every chunk but the last carries a text delta; the last
 * one carries the finish reason and, when the provider reports it, the token usage.
 *
 * @param text the text delta, empty on the last chunk
 * @param provider the provider that is answering
 * @param model the model that is answering, as the provider reported it
 * @param finishReason why generation stopped; set on the last chunk only
 * @param usage tokens consumed; on the last chunk only, when reported
 * @param attempts every target the call tried or skipped before this one answered; final
 * once the first chunk is out, since a stream never switches provider after that
 * @author Fallback LLM contributors
 */
public record ChatChunk(String text, String provider, String model, @Nullable FinishReason finishReason,
		@Nullable TokenUsage usage, List<Attempt> attempts) {

	/**
	 * Create a text delta.
	 * @param text the text
	 * @param provider the provider name
	 * @param model the model name
	 * @return the chunk
	 */
	public static ChatChunk text(String text, String provider, String model) {
		return new ChatChunk(text, provider, model, null, null, List.of());
	}

	/**
	 * Create the closing chunk of a stream.
	 * @param provider the provider name
	 * @param model the model name
	 * @param finishReason why generation stopped
	 * @param usage the token usage, if reported
	 * @return the chunk
	 */
	public static ChatChunk last(String provider, String model, FinishReason finishReason, @Nullable TokenUsage usage) {
		return new ChatChunk("", provider, model, finishReason, usage, List.of());
	}

	public boolean isLast() {
		return this.finishReason != null;
	}

	public ChatChunk withAttempts(List<Attempt> attempts) {
		return new ChatChunk(this.text, this.provider, this.model, this.finishReason, this.usage, attempts);
	}

}
