package io.github.fallbackllm.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and keys of the observation of one attempt. Declare one as a bean, or set it on
 * the builder, to replace {@link DefaultAttemptObservationConvention}.
 *
 * @author Fallback LLM contributors
 */
public interface AttemptObservationConvention extends ObservationConvention<AttemptObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof AttemptObservationContext;
	}

}
