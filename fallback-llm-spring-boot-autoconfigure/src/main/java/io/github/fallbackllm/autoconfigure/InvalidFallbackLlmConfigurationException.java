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

	public InvalidFallbackLlmConfigurationException(List<ConfigurationProblem> problems) {
		super(describe(problems));
		this.problems = List.copyOf(problems);
	}

	public List<ConfigurationProblem> getProblems() {
		return this.problems;
	}

	static String describe(List<ConfigurationProblem> problems) {
		StringBuilder text = new StringBuilder("The LLM fallback configuration has ").append(problems.size())
			.append((problems.size() == 1) ? " problem:" : " problems:");
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
