package io.github.fallbackllm.health;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import io.github.fallbackllm.provider.NameSuggestions;
import org.jspecify.annotations.Nullable;

/**
 * Compares the models a provider is configured with to the models it offers, and names
 * the closest offered model for each one it does not offer.
 * <p>
 * Model lists name dated snapshots where the chat API also accepts aliases: Anthropic
 * lists {@code claude-sonnet-4-5-20250929} and answers to {@code claude-sonnet-4-5} and
 * {@code ...-latest}; Ollama lists {@code llama3:latest} and answers to {@code llama3}.
 * An alias of an offered model counts as offered.
 *
 * @author Fallback LLM contributors
 */
public final class ModelCheck {

	private static final Pattern SNAPSHOT_SUFFIX = Pattern.compile("-(?:\\d{8}|\\d{4}-\\d{2}-\\d{2})$");

	private static final String LATEST = "-latest";

	private static final String OLLAMA_LATEST = ":latest";

	private ModelCheck() {
	}

	/**
	 * Return the configured models the provider does not offer.
	 * @param configured the configured models, in order
	 * @param offered the models the provider lists
	 * @return the missing models, in configuration order
	 */
	public static List<MissingModel> missing(List<String> configured, Collection<String> offered) {
		Set<String> names = new LinkedHashSet<>(offered);
		Set<String> aliases = new LinkedHashSet<>();
		for (String id : offered) {
			String undated = SNAPSHOT_SUFFIX.matcher(id).replaceFirst("");
			if (!undated.equals(id)) {
				names.add(undated);
				aliases.add(undated + LATEST);
			}
			if (id.endsWith(OLLAMA_LATEST)) {
				names.add(id.substring(0, id.length() - OLLAMA_LATEST.length()));
			}
		}
		List<MissingModel> missing = new ArrayList<>();
		for (int i = 0; i < configured.size(); i++) {
			String model = configured.get(i);
			if (!names.contains(model) && !aliases.contains(model)) {
				missing.add(new MissingModel(i, model, NameSuggestions.closest(model, names)));
			}
		}
		return missing;
	}

	/**
	 * A configured model the provider does not offer.
	 *
	 * @param index the model's position in the provider's models
	 * @param model the configured name
	 * @param suggestion the closest offered name, if one is close
	 * @author Fallback LLM contributors
	 */
	public record MissingModel(int index, String model, @Nullable String suggestion) {

		/**
		 * Describe the problem in one line, such as "gpt4o is not offered; did you mean
		 * gpt-4o?".
		 * @return the description
		 */
		public String describe() {
			return this.model + " is not offered"
					+ ((this.suggestion != null) ? "; did you mean " + this.suggestion + "?" : "");
		}

	}

}
