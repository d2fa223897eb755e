package io.github.fallbackllm.state;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Target states in memory, per application instance: the default store.
 *
 * @author Fallback LLM contributors
 */
public final class InMemoryTargetStateStore implements TargetStateStore {

	private final ConcurrentMap<String, LocalTargetState> states = new ConcurrentHashMap<>();

	private final Clock clock;

	public InMemoryTargetStateStore() {
		this(Clock.systemUTC());
	}

	public InMemoryTargetStateStore(Clock clock) {
		this.clock = clock;
	}

	@Override
	public LocalTargetState target(String provider, String model) {
		return this.states.computeIfAbsent(provider + '/' + model, (key) -> new LocalTargetState());
	}

	@Override
	public LocalTargetState provider(String provider) {
		return this.states.computeIfAbsent(provider, (key) -> new LocalTargetState());
	}

	@Override
	public Clock clock() {
		return this.clock;
	}

}
