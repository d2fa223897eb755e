package io.github.fallbackllm.metrics;

import java.util.Locale;

import io.github.fallbackllm.chat.Attempt;
import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.event.FallbackListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Records the steps of chat calls that no observation times: calls that fell back,
 * targets skipped, cooldowns started, hedges started and won, and how long a stream
 * waited for its first chunk. Attempts and calls are counted and timed by their
 * observations, not here.
 *
 * @author Fallback LLM contributors
 */
public class MeterFallbackListener implements FallbackListener {

	/** Calls answered by a target other than the first one they could use. */
	public static final String FALLBACKS = "llm.fallback.fallbacks";

	/** Targets not called: cooling down ({@code cooling}) or lacking a capability. */
	public static final String SKIPS = "llm.fallback.skips";

	/** Cooldowns started, of a target or of a whole provider. */
	public static final String COOLDOWNS = "llm.fallback.cooldowns";

	/** Hedges started: another target called while the first had not answered. */
	public static final String HEDGES = "llm.fallback.hedges";

	/** Hedges that answered first, their first target cancelled. */
	public static final String HEDGES_WON = "llm.fallback.hedges.won";

	/** Time from a stream's request to its first chunk, per target that answered. */
	public static final String TIME_TO_FIRST_CHUNK = "gen_ai.client.operation.time_to_first_chunk";

	static final String PROVIDER = "llm.fallback.provider";

	static final String MODEL = "gen_ai.request.model";

	static final String ROUTE = "llm.fallback.route";

	private final MeterRegistry registry;

	public MeterFallbackListener(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void onCallSucceeded(CallSucceeded event) {
		if (event.fallback()) {
			Counter.builder(FALLBACKS)
				.description("Calls answered by a target other than the first one they could use")
				.tag(PROVIDER, event.provider())
				.tag(MODEL, event.model())
				.register(this.registry)
				.increment();
		}
	}

	@Override
	public void onTargetSkipped(TargetSkipped event) {
		Attempt skip = event.attempt();
		Counter.builder(SKIPS)
			.description("Targets not called: cooling down, or lacking what the request needs")
			.tag(PROVIDER, skip.provider())
			.tag(MODEL, skip.model())
			.tag("reason", (skip.outcome() == AttemptOutcome.UNSUPPORTED) ? "capability" : "cooling")
			.register(this.registry)
			.increment();
	}

	@Override
	public void onCooldownStarted(CooldownStarted event) {
		Counter.builder(COOLDOWNS)
			.description("Cooldowns started, of one target or of a whole provider")
			.tag(PROVIDER, event.provider())
			.tag("scope", (event.model() != null) ? "target" : "provider")
			.tag("cause", event.cooldown().cause().name().toLowerCase(Locale.ROOT))
			.register(this.registry)
			.increment();
	}

	@Override
	public void onHedgeStarted(HedgeStarted event) {
		Counter.builder(HEDGES)
			.description("Hedges started: another target called while the first had not answered")
			.tag(ROUTE, event.route())
			.register(this.registry)
			.increment();
	}

	@Override
	public void onHedgeWon(HedgeWon event) {
		Counter.builder(HEDGES_WON)
			.description("Hedges that answered first, the target they hedged cancelled")
			.tag(ROUTE, event.route())
			.tag(PROVIDER, event.provider())
			.tag(MODEL, event.model())
			.register(this.registry)
			.increment();
	}

	@Override
	public void onAttemptFinished(AttemptFinished event) {
		Attempt attempt = event.attempt();
		if (event.streaming() && attempt.succeeded()) {
			Timer.builder(TIME_TO_FIRST_CHUNK)
				.description("Time from a stream's request to its first chunk")
				.tag(PROVIDER, attempt.provider())
				.tag(MODEL, attempt.model())
				.register(this.registry)
				.record(attempt.duration());
		}
	}

}
