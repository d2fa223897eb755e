package io.github.fallbackllm.observation;

import io.github.fallbackllm.observation.FallbackObservationDocumentation.CallKeyNames;
import io.github.fallbackllm.provider.LlmProvider;
import io.micrometer.common.KeyValues;

/**
 * The default names and keys of the observation of a chat call: {@code llm.fallback.call}
 * with the keys of {@link CallKeyNames}.
 *
 * @author Fallback LLM contributors
 */
public class DefaultCallObservationConvention implements CallObservationConvention {

	/** The name of the observation, and of the timer it records. */
	public static final String NAME = "llm.fallback.call";

	private static final String[] HOPS = { "0", "1", "2", "3+" };

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(CallObservationContext context) {
		return "fallback chat";
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(CallObservationContext context) {
		LlmProvider provider = context.getProvider();
		String model = context.getModel();
		// In the order of their keys, so that KeyValues need not sort them.
		return KeyValues.of(CallKeyNames.OPERATION_NAME.withValue("chat"),
				CallKeyNames.MODEL.withValue((model != null) ? model : "none"),
				CallKeyNames.HOPS.withValue(HOPS[Math.min(context.getHops(), HOPS.length - 1)]),
				CallKeyNames.PROVIDER.withValue((provider != null) ? provider.name() : "none"),
				CallKeyNames.STREAM.withValue(Boolean.toString(context.isStreaming())),
				CallKeyNames.OUTCOME.withValue(context.getOutcome().value()));
	}

}
