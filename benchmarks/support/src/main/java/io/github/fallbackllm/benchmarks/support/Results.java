package io.github.fallbackllm.benchmarks.support;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The line protocol from a runner JVM to the harness: one result per line on standard
 * output, {@code @@result}, the scenario, then tab-separated {@code name=value} fields.
 * Anything else a runner or its libraries print is only logged.
 *
 * @author Fallback LLM contributors
 */
public final class Results {

	/** Marks a result line. */
	public static final String PREFIX = "@@result";

	/** The field that holds the scenario of a parsed result. */
	public static final String SCENARIO = "scenario";

	private Results() {
	}

	/**
	 * Print one result.
	 * @param scenario what was measured
	 * @param fields the figures and labels
	 */
	public static void emit(String scenario, Map<String, ?> fields) {
		StringBuilder line = new StringBuilder(PREFIX).append('\t').append(scenario);
		fields.forEach((name, value) -> line.append('\t').append(name).append('=').append(format(value)));
		synchronized (System.out) {
			System.out.println(line);
			System.out.flush();
		}
	}

	/**
	 * Parse a line printed by {@link #emit}.
	 * @param line the line
	 * @return the fields, with the scenario under {@value #SCENARIO}, or {@code null} if
	 * the line is not a result
	 */
	public static @Nullable Map<String, String> parse(String line) {
		if (!line.startsWith(PREFIX + "\t")) {
			return null;
		}
		String[] parts = line.split("\t");
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put(SCENARIO, parts[1]);
		for (int i = 2; i < parts.length; i++) {
			int equals = parts[i].indexOf('=');
			if (equals > 0) {
				fields.put(parts[i].substring(0, equals), parts[i].substring(equals + 1));
			}
		}
		return fields;
	}

	private static String format(Object value) {
		String text = (value instanceof Double number) ? String.format(Locale.ROOT, "%.3f", number)
				: String.valueOf(value);
		return text.replace('\t', ' ').replace('\r', ' ').replace('\n', ' ');
	}

}
