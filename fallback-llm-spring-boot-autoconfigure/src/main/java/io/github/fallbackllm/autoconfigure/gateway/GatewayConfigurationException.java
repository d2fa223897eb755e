package io.github.fallbackllm.autoconfigure.gateway;

import java.util.List;

import io.github.fallbackllm.autoconfigure.ConfigurationProblem;

/**
 * Thrown at startup when the gateway's keys, or the lack of them, are wrong: every
 * problem at once, each with its property and what to do. Never holds a secret.
 *
 * @author Fallback LLM contributors
 * @see GatewayConfigurationFailureAnalyzer
 */
public class GatewayConfigurationException extends RuntimeException {

	private final List<ConfigurationProblem> problems;

	/**
	 * Create the exception.
	 * @param problems the problems, at least one
	 */
	public GatewayConfigurationException(List<ConfigurationProblem> problems) {
		super(describe(problems));
		this.problems = List.copyOf(problems);
	}

	public List<ConfigurationProblem> getProblems() {
		return this.problems;
	}

	private static String describe(List<ConfigurationProblem> problems) {
		StringBuilder text = new StringBuilder("The LLM gateway's access configuration has " + problems.size()
				+ ((problems.size() == 1) ? " problem:" : " problems:"));
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
