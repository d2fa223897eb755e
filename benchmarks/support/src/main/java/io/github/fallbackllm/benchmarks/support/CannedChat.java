package io.github.fallbackllm.benchmarks.support;

/**
 * The one conversation every client sends, so that all of them serialize and parse the
 * same amount of JSON.
 *
 * @author Fallback LLM contributors
 */
public final class CannedChat {

	/** Model asked for. */
	public static final String MODEL = "gpt-4o-mini";

	/** Key sent to the stub; never a real one. */
	public static final String API_KEY = "sk-bench-0000000000000000000000000000";

	/** System message. */
	public static final String SYSTEM = "You are a concise assistant for a hardware store. Answer in two sentences.";

	/** User message. */
	public static final String USER = "I need to hang a 15 kg mirror on a plasterboard wall. Which fixings should I "
			+ "buy, how many, and is there anything I should check before drilling? The wall is in a rented flat.";

	private CannedChat() {
	}

}
