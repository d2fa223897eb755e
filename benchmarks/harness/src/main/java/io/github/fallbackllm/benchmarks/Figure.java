package io.github.fallbackllm.benchmarks;

import java.util.List;
import java.util.Locale;

import io.github.fallbackllm.benchmarks.support.Stats;

/**
 * A figure of several runs: their median and their range.
 *
 * @param median the median
 * @param min the lowest run
 * @param max the highest run
 * @param runs how many runs
 * @author Fallback LLM contributors
 */
record Figure(double median, double min, double max, int runs) {

	static Figure of(List<Double> values) {
		List<Double> present = values.stream().filter((value) -> !Double.isNaN(value)).toList();
		return new Figure(Stats.median(present), Stats.min(present), Stats.max(present), present.size());
	}

	boolean present() {
		return this.runs > 0;
	}

	/**
	 * Format as {@code median (min–max)}, or the value alone for a single run.
	 * @param decimals digits after the point
	 * @return the text
	 */
	String format(int decimals) {
		if (!present()) {
			return "n/a";
		}
		if (this.runs == 1 || this.min == this.max) {
			return number(this.median, decimals);
		}
		return number(this.median, decimals) + " (" + number(this.min, decimals) + "–" + number(this.max, decimals)
				+ ")";
	}

	static String number(double value, int decimals) {
		if (Double.isNaN(value)) {
			return "n/a";
		}
		return String.format(Locale.ROOT, "%,." + decimals + "f", value);
	}

}
