package io.github.fallbackllm.autoconfigure;

/**
 * One problem of the {@code llm.fallback} configuration. Never holds a secret value.
 *
 * @param property the property to fix, such as {@code llm.fallback.providers[1].api-key}
 * @param problem what is wrong
 * @param action what to do
 * @author Fallback LLM contributors
 */
public record ConfigurationProblem(String property, String problem, String action) {

}
