package io.github.fallbackllm.autoconfigure;

import java.util.List;

/**
 * Thrown at startup when the {@code llm.fallback} configuration has problems; lists all
 * of them at once.
 *
 * @author Fallback LLM contributors
 * @see InvalidFallbackLlmConfigurationFailureAnalyzer
 */
public class InvalidFallbackLlmConfigurationException extends RuntimeException {

	private final List<ConfigurationProblem> problems;

	private final boolean foundByProviders;

	/**
	 * Create an exception for problems found in the configuration itself.
	 * @param problems the problems, at least one
	 */
	public InvalidFallbackLlmConfigurationException(List<ConfigurationProblem> problems) {
		this(problems, false);
	}

	InvalidFallbackLlmConfigurationException(List<ConfigurationProblem> problems, boolean foundByProviders) {
		super(describe(problems, foundByProviders));
		this.problems = List.copyOf(problems);
		this.foundByProviders = foundByProviders;
	}

	public List<ConfigurationProblem> getProblems() {
		return this.problems;
	}

	/**
	 * Return whether the problems were found by asking the providers at startup
	 * ({@code llm.fallback.validation.verify-on-startup}) rather than in the
	 * configuration itself.
	 * @return whether providers reported the problems
	 */
	public boolean isFoundByProviders() {
		return this.foundByProviders;
	}

	private static String describe(List<ConfigurationProblem> problems, boolean foundByProviders) {
		String count = problems.size() + ((problems.size() == 1) ? " problem" : " problems");
		StringBuilder text = new StringBuilder(foundByProviders
				? "The LLM providers, asked at startup, reported " + count + " with the llm.fallback configuration:"
				: "The LLM fallback configuration has " + count + ":");
		for (ConfigurationProblem problem : problems) {
			text.append("\n\n  ")
				.append(problem.property())
				.append(": ")
				.append(problem.problem())
				.append("\n    Action: ")
				.append(problem.action());
		}
		return text.toString();
	}

}
