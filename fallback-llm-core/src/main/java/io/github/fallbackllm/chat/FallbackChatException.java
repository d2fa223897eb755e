package io.github.fallbackllm.chat;

import java.util.List;

/**
 * Base class of the errors a fallback chat call ends with. Carries every attempt the call
 * made, as data, in the order they happened.
 *
 * @author Fallback LLM contributors
 */
public abstract class FallbackChatException extends RuntimeException {

	private final List<Attempt> attempts;

	protected FallbackChatException(String message, List<Attempt> attempts, Throwable cause) {
		super(message, cause);
		this.attempts = List.copyOf(attempts);
	}

	/**
	 * Return the attempts the call made, in order, including skipped targets.
	 * @return the attempts
	 */
	public List<Attempt> getAttempts() {
		return this.attempts;
	}

	static String numbered(List<Attempt> attempts) {
		StringBuilder lines = new StringBuilder();
		for (int i = 0; i < attempts.size(); i++) {
			lines.append("\n  ").append(i + 1).append(". ").append(attempts.get(i).describe());
		}
		return lines.toString();
	}

}
