package io.github.fallbackllm.sample.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The answer of a simulated model: a sentence naming who answered and echoing the last
 * user message, one token per word, cut at the first stop sequence and at the output
 * budget like a real model's.
 *
 * @param pieces the text, one token per piece, each with its trailing space
 * @param stopSequence the stop sequence that ended the answer, if one did
 * @param truncated whether the output budget ended the answer
 * @param promptTokens the tokens of the request
 * @author Fallback LLM contributors
 */
record SimulatedAnswer(List<String> pieces, @Nullable String stopSequence, boolean truncated, int promptTokens) {

	private static final Pattern WORD = Pattern.compile("\\S+\\s*");

	/**
	 * Answer a request.
	 * @param request the request
	 * @param speaker who answers, as a phrase such as "the simulated OpenAI provider"
	 * @return the answer
	 */
	static SimulatedAnswer of(SimulatedRequest request, String speaker) {
		String text = "This answer comes from " + speaker + ". You said: " + request.lastUserMessage();
		String stopSequence = null;
		int cut = text.length();
		for (String stop : request.stop()) {
			int index = stop.isEmpty() ? -1 : text.indexOf(stop);
			if (index >= 0 && index < cut) {
				cut = index;
				stopSequence = stop;
			}
		}
		List<String> pieces = words(text.substring(0, cut));
		Integer maxTokens = request.maxTokens();
		boolean truncated = maxTokens != null && maxTokens < pieces.size();
		if (truncated) {
			pieces = pieces.subList(0, Math.max(maxTokens, 0));
		}
		int promptTokens = request.texts().stream().mapToInt((content) -> words(content).size()).sum();
		return new SimulatedAnswer(List.copyOf(pieces), truncated ? null : stopSequence, truncated, promptTokens);
	}

	String text() {
		return String.join("", this.pieces);
	}

	int completionTokens() {
		return this.pieces.size();
	}

	private static List<String> words(String text) {
		List<String> words = new ArrayList<>();
		Matcher matcher = WORD.matcher(text);
		while (matcher.find()) {
			words.add(matcher.group());
		}
		return words;
	}

}
