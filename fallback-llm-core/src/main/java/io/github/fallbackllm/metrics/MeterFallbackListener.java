package io.github.fallbackllm.metrics;

import java.util.Locale;

import io.github.fallbackllm.budget.OverBudget;
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
 * observations, not here. Each meter is registered once, at its first use, and reused.
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

	private final MeterCache<RouteTarget, Counter> fallbacks;

	private final MeterCache<Skip, Counter> skips;

	private final MeterCache<CooldownKind, Counter> cooldowns;

	private final MeterCache<String, Counter> hedges;

	private final MeterCache<HedgeWinner, Counter> hedgesWon;

	private final MeterCache<Target, Timer> timesToFirstChunk;

	public MeterFallbackListener(MeterRegistry registry) {
		this.fallbacks = new MeterCache<>(registry,
				(target) -> Counter.builder(FALLBACKS)
					.description("Calls answered by a target other than the first one they could use")
					.tag(ROUTE, target.route())
					.tag(PROVIDER, target.provider())
					.tag(MODEL, target.model())
					.register(registry));
		this.skips = new MeterCache<>(registry, (skip) -> Counter.builder(SKIPS)
			.description(
					"Targets not called: cooling down, over their rate-limit budget, or lacking what the request needs")
			.tag(PROVIDER, skip.provider())
			.tag(MODEL, skip.model())
			.tag("reason", skip.reason())
			.register(registry));
		this.cooldowns = new MeterCache<>(registry,
				(kind) -> Counter.builder(COOLDOWNS)
					.description("Cooldowns started, of one target or of a whole provider")
					.tag(PROVIDER, kind.provider())
					.tag("scope", kind.scope())
					.tag("cause", kind.cause().name().toLowerCase(Locale.ROOT))
					.register(registry));
		this.hedges = new MeterCache<>(registry,
				(route) -> Counter.builder(HEDGES)
					.description("Hedges started: another target called while the first had not answered")
					.tag(ROUTE, route)
					.register(registry));
		this.hedgesWon = new MeterCache<>(registry,
				(winner) -> Counter.builder(HEDGES_WON)
					.description("Hedges that answered first, the target they hedged cancelled")
					.tag(ROUTE, winner.route())
					.tag(PROVIDER, winner.provider())
					.tag(MODEL, winner.model())
					.register(registry));
		this.timesToFirstChunk = new MeterCache<>(registry,
				(target) -> Timer.builder(TIME_TO_FIRST_CHUNK)
					.description("Time from a stream's request to its first chunk")
					.tag(PROVIDER, target.provider())
					.tag(MODEL, target.model())
					.register(registry));
	}

	@Override
	public void onCallSucceeded(CallSucceeded event) {
		if (event.fallback()) {
			this.fallbacks.get(new RouteTarget(event.route(), event.provider(), event.model())).increment();
		}
	}

	@Override
	public void onTargetSkipped(TargetSkipped event) {
		Attempt skip = event.attempt();
		String reason = (skip.outcome() == AttemptOutcome.UNSUPPORTED) ? "capability"
				: OverBudget.describes(skip.detail()) ? "budget" : "cooling";
		this.skips.get(new Skip(event.route(), skip.provider(), skip.model(), reason)).increment();
	}

	@Override
	public void onCooldownStarted(CooldownStarted event) {
		this.cooldowns
			.get(new CooldownKind(event.provider(), (event.model() != null) ? "target" : "provider",
					event.cooldown().cause()))
			.increment();
	}

	@Override
	public void onHedgeStarted(HedgeStarted event) {
		this.hedges.get(event.route()).increment();
	}

	@Override
	public void onHedgeWon(HedgeWon event) {
		this.hedgesWon.get(new HedgeWinner(event.route(), event.provider(), event.model())).increment();
	}

	@Override
	public void onAttemptFinished(AttemptFinished event) {
		Attempt attempt = event.attempt();
		if (event.streaming() && attempt.succeeded()) {
			this.timesToFirstChunk.get(new Target(attempt.provider(), attempt.model())).record(attempt.duration());
		}
	}

	private record Target(String provider, String model) {
	}

	private record RouteTarget(String route, String provider, String model) {
	}

	private record Skip(String route, String provider, String model, String reason) {
	}

	private record CooldownKind(String provider, String scope, AttemptOutcome cause) {
	}

	private record HedgeWinner(String route, String provider, String model) {
	}

}
