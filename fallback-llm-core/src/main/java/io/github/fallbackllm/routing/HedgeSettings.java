package io.github.fallbackllm.routing;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * When a route hedges a call: starts the next target while the first has not answered (or
 * sent its first chunk) yet, and takes whichever answers first.
 *
 * @param after the fixed delay before a hedge, or {@code null} to wait a quantile of the
 * first target's own recent latency
 * @param quantile the quantile of the first target's recent latency to wait, such as
 * {@code 0.95}, when {@code after} is {@code null}
 * @param floor the shortest delay a quantile may give
 * @param ceiling the longest delay a quantile may give, also used until the target has
 * enough samples
 * @param max the most hedges of one call in flight at once
 * @param maxRatio the most hedges per call over time: a token bucket per route, like
 * gRPC's retry throttling, so that an outage cannot multiply the spend
 * @author Fallback LLM contributors
 */
public record HedgeSettings(@Nullable Duration after, double quantile, Duration floor, Duration ceiling, int max,
		double maxRatio) {

	/** The default most hedges of one call in flight. */
	public static final int DEFAULT_MAX = 1;

	/** The default most hedges per call: 10 % extra calls. */
	public static final double DEFAULT_MAX_RATIO = 0.1;

	/** The default shortest delay a quantile may give. */
	public static final Duration DEFAULT_FLOOR = Duration.ofMillis(100);

	/** The default longest delay a quantile may give. */
	public static final Duration DEFAULT_CEILING = Duration.ofSeconds(5);

	public HedgeSettings {
		if (after != null && (after.isNegative() || after.isZero())) {
			throw new IllegalArgumentException("A hedge delay must be positive (got " + after + ")");
		}
		if (after == null && !(quantile > 0 && quantile < 1)) {
			throw new IllegalArgumentException("A hedge quantile must be between 0 and 1 (got " + quantile + ")");
		}
		if (floor.isNegative() || ceiling.compareTo(floor) < 0) {
			throw new IllegalArgumentException("A hedge delay's floor must not be negative nor above its ceiling (got "
					+ floor + ", " + ceiling + ")");
		}
		if (max < 1) {
			throw new IllegalArgumentException("A route that hedges needs at least one hedge (got " + max + ")");
		}
		if (!(maxRatio > 0 && maxRatio <= max)) {
			throw new IllegalArgumentException("The hedge ratio must be above 0 and at most the hedges per call, " + max
					+ " (got " + maxRatio + ")");
		}
	}

	/**
	 * Hedge after a fixed delay, one hedge at a time, within 10 % extra calls.
	 * @param after the delay
	 * @return the settings
	 */
	public static HedgeSettings after(Duration after) {
		return new HedgeSettings(after, 0, DEFAULT_FLOOR, DEFAULT_CEILING, DEFAULT_MAX, DEFAULT_MAX_RATIO);
	}

	/**
	 * Hedge after a quantile of the first target's own recent latency, between the
	 * default floor and ceiling, one hedge at a time, within 10 % extra calls.
	 * @param quantile the quantile, such as {@code 0.95}
	 * @return the settings
	 */
	public static HedgeSettings afterQuantile(double quantile) {
		return new HedgeSettings(null, quantile, DEFAULT_FLOOR, DEFAULT_CEILING, DEFAULT_MAX, DEFAULT_MAX_RATIO);
	}

	/**
	 * Return these settings with other bounds of a quantile's delay.
	 * @param floor the shortest delay
	 * @param ceiling the longest delay
	 * @return the settings
	 */
	public HedgeSettings withBounds(Duration floor, Duration ceiling) {
		return new HedgeSettings(this.after, this.quantile, floor, ceiling, this.max, this.maxRatio);
	}

	/**
	 * Return these settings with other limits of extra calls.
	 * @param max the most hedges of one call in flight at once
	 * @param maxRatio the most hedges per call over time
	 * @return the settings
	 */
	public HedgeSettings withLimits(int max, double maxRatio) {
		return new HedgeSettings(this.after, this.quantile, this.floor, this.ceiling, max, maxRatio);
	}

}
