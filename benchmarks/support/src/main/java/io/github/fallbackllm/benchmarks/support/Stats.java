package io.github.fallbackllm.benchmarks.support;

import java.util.Arrays;
import java.util.List;

/**
 * Order statistics of measured values.
 *
 * @author Fallback LLM contributors
 */
public final class Stats {

	private Stats() {
	}

	/**
	 * Return a percentile of sorted values, by the nearest-rank method.
	 * @param sorted values in ascending order
	 * @param percentile between 0 and 100
	 * @return the value, or {@code NaN} when there are none
	 */
	public static double percentile(long[] sorted, double percentile) {
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
		return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
	}

	/**
	 * Return the median of values, the mean of the middle two for an even count.
	 * @param values the values
	 * @return the median, or {@code NaN} when there are none
	 */
	public static double median(List<Double> values) {
		double[] sorted = sorted(values);
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

	public static double min(List<Double> values) {
		double[] sorted = sorted(values);
		return (sorted.length != 0) ? sorted[0] : Double.NaN;
	}

	public static double max(List<Double> values) {
		double[] sorted = sorted(values);
		return (sorted.length != 0) ? sorted[sorted.length - 1] : Double.NaN;
	}

	private static double[] sorted(List<Double> values) {
		double[] sorted = values.stream()
			.mapToDouble(Double::doubleValue)
			.filter((value) -> !Double.isNaN(value))
			.toArray();
		Arrays.sort(sorted);
		return sorted;
	}

}
