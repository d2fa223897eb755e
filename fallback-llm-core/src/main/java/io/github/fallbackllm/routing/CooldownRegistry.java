package io.github.fallbackllm.routing;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The {@link TargetState} of every target and provider, shared by the chat service and
 * the health indicator. State lives in memory, per application instance.
 *
 * @author Fallback LLM contributors
 */
public final class CooldownRegistry {

	private final ConcurrentMap<String, TargetState> states = new ConcurrentHashMap<>();

	private final Clock clock;

	public CooldownRegistry() {
		this(Clock.systemUTC());
	}

	public CooldownRegistry(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Return the state of one model of a provider.
	 * @param provider the provider name
	 * @param model the model
	 * @return the state
	 */
	public TargetState target(String provider, String model) {
		return this.states.computeIfAbsent(provider + '/' + model, (key) -> new TargetState());
	}

	/**
	 * Return the state of a provider as a whole: cooled down on failures that affect all
	 * its models, such as a rejected key or an exhausted quota.
	 * @param provider the provider name
	 * @return the state
	 */
	public TargetState provider(String provider) {
		return this.states.computeIfAbsent(provider, (key) -> new TargetState());
	}

	public Clock clock() {
		return this.clock;
	}

}
