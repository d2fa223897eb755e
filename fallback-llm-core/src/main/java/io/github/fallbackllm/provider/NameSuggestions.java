package io.github.fallbackllm.provider;

import java.util.Collection;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Finds the name someone probably meant, for "did you mean" hints: {@code gpt4o} for
 * {@code gpt-4o}, {@code openia} for {@code openai}.
 *
 * @author Fallback LLM contributors
 */
public final class NameSuggestions {

	private NameSuggestions() {
	}

	/**
	 * Return the candidate closest to a misspelled name, if one is close enough.
	 * @param name the name as written
	 * @param candidates the valid names
	 * @return the closest candidate, or {@code null}
	 */
	public static @Nullable String closest(String name, Collection<String> candidates) {
		String wanted = normalized(name);
		String best = null;
		int bestDistance = Integer.MAX_VALUE;
		for (String candidate : candidates) {
			int distance = distance(wanted, normalized(candidate));
			if (distance < bestDistance) {
				best = candidate;
				bestDistance = distance;
			}
		}
		int tolerance = Math.max(2, wanted.length() / 3);
		return (best != null && bestDistance <= tolerance) ? best : null;
	}

	private static String normalized(String name) {
		return name.toLowerCase(Locale.ROOT).strip();
	}

	/** Levenshtein distance, with one row of memory. */
	private static int distance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int substitution = previous[j - 1] + ((a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

}
