package io.github.fallbackllm.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import io.github.fallbackllm.benchmarks.support.Results;

/**
 * Every result of a run, as parsed from the runners, with the queries the report needs.
 *
 * @author Fallback LLM contributors
 */
final class ResultSet {

	private final List<Map<String, String>> results = new ArrayList<>();

	synchronized void addAll(List<Map<String, String>> more) {
		this.results.addAll(more);
	}

	synchronized void add(Map<String, String> result) {
		this.results.add(result);
	}

	/**
	 * Return the results of a scenario whose fields have the given values.
	 * @param scenario the scenario
	 * @param filters field name, value, name, value...
	 * @return the results, in the order they arrived
	 */
	synchronized List<Map<String, String>> select(String scenario, String... filters) {
		Predicate<Map<String, String>> matches = (result) -> scenario.equals(result.get(Results.SCENARIO));
		for (int i = 0; i + 1 < filters.length; i += 2) {
			String name = filters[i];
			String value = filters[i + 1];
			matches = matches.and((result) -> value.equals(result.get(name)));
		}
		return this.results.stream().filter(matches).toList();
	}

	/**
	 * Return the numeric values of one field.
	 * @param results the results
	 * @param field the field
	 * @return the values, {@code NaN} where missing
	 */
	static List<Double> values(List<Map<String, String>> results, String field) {
		return results.stream().map((result) -> number(result.get(field))).toList();
	}

	static double number(String text) {
		if (text == null || text.isEmpty()) {
			return Double.NaN;
		}
		try {
			return Double.parseDouble(text);
		}
		catch (NumberFormatException ex) {
			return Double.NaN;
		}
	}

	/**
	 * Return the distinct values of a field, in order of first appearance.
	 * @param results the results
	 * @param field the field
	 * @return the values
	 */
	static List<String> distinct(List<Map<String, String>> results, String field) {
		return results.stream().map((result) -> result.get(field)).filter((value) -> value != null).distinct().toList();
	}

}
