package io.github.fallbackllm.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and keys of the observation of a chat call. Declare one as a bean, or set it on
 * the builder, to replace {@link DefaultCallObservationConvention}.
 *
 * @author Fallback LLM contributors
 */
public interface CallObservationConvention extends ObservationConvention<CallObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof CallObservationContext;
	}

}
