package io.github.fallbackllm.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.github.fallbackllm.redis.SharedTargetState.Lease;
import io.github.fallbackllm.redis.StateMessage.Kind;
import io.github.fallbackllm.state.Cooldown;
import io.github.fallbackllm.state.Failure;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * What the target states write to Redis, fire and forget: every method returns at once,
 * and a command that fails or times out leaves the local copy as it is.
 *
 * @author Fallback LLM contributors
 */
final class StateSharing {

	/**
	 * How long a shared cooldown outlives its end: instances that start meanwhile still
	 * send one trial rather than all their calls.
	 */
	private static final Duration RECOVERY = Duration.ofMinutes(10);

	private final RedisStateCommands commands;

	private final RedisLink link;

	private final RedisStateSettings settings;

	private final Clock clock;

	private final String instance;

	StateSharing(RedisStateCommands commands, RedisLink link, RedisStateSettings settings, Clock clock,
			String instance) {
		this.commands = commands;
		this.link = link;
		this.settings = settings;
		this.clock = clock;
		this.instance = instance;
	}

	String instance() {
		return this.instance;
	}

	void failed(SharedTargetState state, Failure failure, @Nullable Cooldown cooldown, int threshold, boolean cooled) {
		SharedCooldown shared = (cooldown != null)
				? new SharedCooldown(cooldown.until(), cooldown.cause(), failure.httpStatus()) : null;
		String cooledMessage = (shared != null) ? message(Kind.COOLED, state, shared) : "";
		this.link
			.write(() -> this.commands.failed(state.id(), this.settings.failureWindow(), threshold, cooled, shared,
					keyLife(shared), message(Kind.FAILED, state, null), cooledMessage))
			.subscribe((answer) -> {
				String[] countAndCooldown = answer.split(" ", 2);
				state.counted(Integer.parseInt(countAndCooldown[0]));
				adopt(state, SharedCooldown.parse((countAndCooldown.length > 1) ? countAndCooldown[1] : null));
			});
	}

	/**
	 * Share a cooldown that Redis lacks: started while Redis was out, or lost with it.
	 */
	void push(SharedTargetState state, Cooldown cooldown) {
		SharedCooldown shared = new SharedCooldown(cooldown.until(), cooldown.cause(), state.statusOf(cooldown));
		this.link
			.write(() -> this.commands.cool(state.id(), shared, keyLife(shared), message(Kind.COOLED, state, shared)))
			.subscribe((inForce) -> adopt(state, SharedCooldown.parse(inForce)));
	}

	void cleared(SharedTargetState state) {
		this.link.write(() -> this.commands.clear(state.id(), message(Kind.CLEARED, state, null))).subscribe();
	}

	void resetFailures(SharedTargetState state) {
		this.link.write(() -> this.commands.resetFailures(state.id(), message(Kind.RESET, state, null))).subscribe();
	}

	/**
	 * Take a shared cooldown into the local copy if it ends later.
	 */
	void adopt(SharedTargetState state, @Nullable SharedCooldown shared) {
		if (shared != null) {
			state.adopt(shared, this.clock.instant());
		}
	}

	/**
	 * Race for the trial lease shortly before the cooldown ends.
	 */
	void scheduleRace(SharedTargetState state, Instant until) {
		Duration delay = Duration.between(this.clock.instant(), until.minus(this.settings.trialLead()));
		state.nextRace(Mono.delay(delay.isNegative() ? Duration.ZERO : delay, this.link.scheduler())
			.subscribe((tick) -> raceForTrial(state)));
	}

	/**
	 * Race for the trial lease now, unless a race is under way or the target recovered.
	 * The loser learns how long the winner holds it and races again then.
	 */
	void raceForTrial(SharedTargetState state) {
		if (state.cooldown() == null || !this.link.isShared() || !state.startRace()) {
			return;
		}
		this.link.write(() -> this.commands.raceForTrial(state.id(), this.instance, this.settings.trialLease()))
			.doOnNext((otherHoldsMillis) -> {
				boolean held = otherHoldsMillis < 0;
				Instant until = this.clock.instant()
					.plus(held ? this.settings.trialLease() : Duration.ofMillis(otherHoldsMillis));
				state.raced(new Lease(held, until));
				scheduleRace(state, until.plus(this.settings.trialLead()));
			})
			.doFinally((signal) -> state.raceEnded())
			.subscribe();
	}

	private String message(Kind kind, SharedTargetState state, @Nullable SharedCooldown cooldown) {
		return new StateMessage(kind, this.instance, state.id(), cooldown).encode();
	}

	private Duration keyLife(@Nullable SharedCooldown cooldown) {
		Duration left = (cooldown != null) ? Duration.between(this.clock.instant(), cooldown.until()) : Duration.ZERO;
		return (left.isNegative() ? Duration.ZERO : left).plus(RECOVERY);
	}

}
