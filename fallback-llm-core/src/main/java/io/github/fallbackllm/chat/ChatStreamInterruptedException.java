package io.github.fallbackllm.chat;

import java.util.List;

/**
 * Thrown into a stream that failed after its first chunk had reached the caller. The call
 * does not switch provider at that point, because the caller would then receive a second,
 * different answer after the start of the first.
 *
 * @author Fallback LLM contributors
 */
public class ChatStreamInterruptedException extends FallbackChatException {

	private final AttemptOutcome failure;

	private final long receivedChunks;

	private final long receivedCharacters;

	/**
	 * Create a new instance.
	 * @param target the {@code provider/model} that was streaming
	 * @param failure what broke the stream
	 * @param detail what the provider said, redacted
	 * @param receivedChunks text chunks the caller had received
	 * @param receivedCharacters characters the caller had received
	 * @param attempts the attempts of the call, the serving one last
	 * @param cause the failure
	 */
	public ChatStreamInterruptedException(String target, AttemptOutcome failure, String detail, long receivedChunks,
			long receivedCharacters, List<Attempt> attempts, Throwable cause) {
		super("Stream from " + target + " broke after " + receivedChunks + " chunks (" + receivedCharacters
				+ " characters) had been delivered: " + failure.description() + (detail.isEmpty() ? "" : " - " + detail)
				+ ". Not resumed on another target: that would repeat or contradict the text already delivered."
				+ "\nAttempts:" + numbered(attempts), attempts, cause);
		this.failure = failure;
		this.receivedChunks = receivedChunks;
		this.receivedCharacters = receivedCharacters;
	}

	/**
	 * Return what broke the stream.
	 * @return the failure
	 */
	public AttemptOutcome getFailure() {
		return this.failure;
	}

	public long getReceivedChunks() {
		return this.receivedChunks;
	}

	public long getReceivedCharacters() {
		return this.receivedCharacters;
	}

}
