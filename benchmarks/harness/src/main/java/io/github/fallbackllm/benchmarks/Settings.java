package io.github.fallbackllm.benchmarks;

import java.time.Duration;

/**
 * How long and how often each scenario runs: the full run for BENCHMARKS.md, or a quick
 * smoke check of a few seconds per scenario.
 *
 * @param name the mode's name
 * @param jmhForks JMH forks per benchmark
 * @param jmhWarmups JMH warm-up iterations of one second
 * @param jmhIterations JMH measured iterations of one second
 * @param warmup warm-up of each client before its first measured round
 * @param window length of one measured round
 * @param rounds measured rounds per figure
 * @param fallbackSamples calls of each kind per round of the time-to-fallback scenario
 * @param cooldownCalls calls per round of the cooldown scenario
 * @param scaleWarmup warm-up of the scale scenario
 * @param scaleWindow measured window of one scale round
 * @param probeCap longest wait for one failure probe
 * @param startups JVM starts per start-up variant
 * @author Fallback LLM contributors
 */
record Settings(String name, int jmhForks, int jmhWarmups, int jmhIterations, Duration warmup, Duration window,
		int rounds, int fallbackSamples, int cooldownCalls, Duration scaleWarmup, Duration scaleWindow,
		Duration probeCap, int startups) {

	static final Settings FULL = new Settings("full", 2, 3, 5, Duration.ofSeconds(4), Duration.ofSeconds(3), 5, 200,
			10_000, Duration.ofSeconds(4), Duration.ofSeconds(5), Duration.ofSeconds(130), 8);

	static final Settings QUICK = new Settings("quick", 1, 1, 2, Duration.ofSeconds(1), Duration.ofSeconds(1), 2, 30,
			2_000, Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(10), 2);

	boolean quick() {
		return this == QUICK;
	}

}
