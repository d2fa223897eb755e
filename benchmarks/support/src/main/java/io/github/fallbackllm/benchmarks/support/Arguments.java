package io.github.fallbackllm.benchmarks.support;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --name=value} command-line arguments.
 *
 * @author Fallback LLM contributors
 */
public final class Arguments {

	private final Map<String, String> values = new LinkedHashMap<>();

	/**
	 * Parse arguments; a bare {@code --flag} means {@code --flag=true}.
	 * @param args the arguments
	 */
	public Arguments(String[] args) {
		for (String arg : args) {
			if (!arg.startsWith("--")) {
				throw new IllegalArgumentException("Unexpected argument '" + arg + "'; use --name=value");
			}
			int equals = arg.indexOf('=');
			if (equals < 0) {
				this.values.put(arg.substring(2), "true");
			}
			else {
				this.values.put(arg.substring(2, equals), arg.substring(equals + 1));
			}
		}
	}

	/**
	 * Return a required value.
	 * @param name the name
	 * @return the value
	 */
	public String get(String name) {
		String value = this.values.get(name);
		if (value == null) {
			throw new IllegalArgumentException("Missing argument --" + name);
		}
		return value;
	}

	public String get(String name, String defaultValue) {
		return this.values.getOrDefault(name, defaultValue);
	}

	public int getInt(String name, int defaultValue) {
		return this.values.containsKey(name) ? Integer.parseInt(this.values.get(name)) : defaultValue;
	}

	public boolean getBoolean(String name) {
		return Boolean.parseBoolean(this.values.getOrDefault(name, "false"));
	}

	/**
	 * Return a duration given in seconds, fractions allowed.
	 * @param name the name
	 * @param defaultValue the default
	 * @return the duration
	 */
	public Duration getSeconds(String name, Duration defaultValue) {
		String value = this.values.get(name);
		return (value != null) ? Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000)) : defaultValue;
	}

	/**
	 * Return a comma-separated list.
	 * @param name the name
	 * @param defaultValue the default, comma-separated
	 * @return the items
	 */
	public List<String> getList(String name, String defaultValue) {
		return Arrays.stream(get(name, defaultValue).split(","))
			.map(String::trim)
			.filter((item) -> !item.isEmpty())
			.toList();
	}

}
