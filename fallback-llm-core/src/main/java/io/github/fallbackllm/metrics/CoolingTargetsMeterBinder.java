package io.github.fallbackllm.metrics;

import java.util.List;

import io.github.fallbackllm.provider.LlmProvider;
import io.github.fallbackllm.state.TargetState;
import io.github.fallbackllm.state.TargetStateStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * A gauge per provider of its models that calls skip right now: cooling down on their
 * own, or with the whole provider. Read from the {@link TargetStateStore} when scraped.
 *
 * @author Fallback LLM contributors
 */
public class CoolingTargetsMeterBinder implements MeterBinder {

	/** The gauge's name. */
	public static final String TARGETS_COOLING = "llm.fallback.targets.cooling";

	private final TargetStateStore store;

	private final List<LlmProvider> providers;

	/**
	 * Create a binder.
	 * @param store the states of the targets
	 * @param providers the providers of the chain
	 */
	public CoolingTargetsMeterBinder(TargetStateStore store, List<LlmProvider> providers) {
		this.store = store;
		this.providers = List.copyOf(providers);
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (LlmProvider provider : this.providers) {
			Gauge.builder(TARGETS_COOLING, () -> cooling(provider))
				.description("Models of the provider that calls skip: cooling down")
				.tag(MeterFallbackListener.PROVIDER, provider.name())
				.register(registry);
		}
	}

	private int cooling(LlmProvider provider) {
		var now = this.store.clock().instant();
		if (this.store.provider(provider.name()).isCoolingDown(now)) {
			return provider.models().size();
		}
		int cooling = 0;
		for (String model : provider.models()) {
			TargetState state = this.store.target(provider.name(), model);
			if (state.isCoolingDown(now)) {
				cooling++;
			}
		}
		return cooling;
	}

}
