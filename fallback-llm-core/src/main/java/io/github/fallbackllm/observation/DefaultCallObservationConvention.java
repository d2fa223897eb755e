package io.github.fallbackllm.observation;

import java.util.Arrays;

import io.github.fallbackllm.observation.FallbackObservationDocumentation.CallKeyNames;
import io.github.fallbackllm.provider.LlmProvider;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

/**
 * The default names and keys of the observation of a call: {@code llm.fallback.call} with
 * the keys of {@link CallKeyNames}.
 *
 * @author Fallback LLM contributors
 */
public class DefaultCallObservationConvention implements CallObservationConvention {

	/** The name of the observation, and of the timer it records. */
	public static final String NAME = "llm.fallback.call";

	// The key values that take few values, built once.
	private static final KeyValue CHAT = CallKeyNames.OPERATION_NAME.withValue("chat");

	private static final KeyValue[] HOPS = { CallKeyNames.HOPS.withValue("0"), CallKeyNames.HOPS.withValue("1"),
			CallKeyNames.HOPS.withValue("2"), CallKeyNames.HOPS.withValue("3+") };

	private static final KeyValue[] OUTCOMES = Arrays.stream(CallOutcome.values())
		.map((outcome) -> CallKeyNames.OUTCOME.withValue(outcome.value()))
		.toArray(KeyValue[]::new);

	private static final KeyValue STREAM = CallKeyNames.STREAM.withValue("true");

	private static final KeyValue NOT_STREAM = CallKeyNames.STREAM.withValue("false");

	private static final KeyValue NO_PROVIDER = CallKeyNames.PROVIDER.withValue("none");

	private static final KeyValue NO_MODEL = CallKeyNames.MODEL.withValue("none");

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(CallObservationContext context) {
		return "fallback " + context.getOperation();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(CallObservationContext context) {
		LlmProvider provider = context.getProvider();
		String model = context.getModel();
		// In the order of their keys, so that KeyValues need not sort them.
		KeyValue operation = "chat".equals(context.getOperation()) ? CHAT
				: CallKeyNames.OPERATION_NAME.withValue(context.getOperation());
		return KeyValues.of(operation, (model != null) ? CallKeyNames.MODEL.withValue(model) : NO_MODEL,
				HOPS[Math.min(context.getHops(), HOPS.length - 1)],
				(provider != null) ? CallKeyNames.PROVIDER.withValue(provider.name()) : NO_PROVIDER,
				CallKeyNames.ROUTE.withValue(context.getRoute()), context.isStreaming() ? STREAM : NOT_STREAM,
				OUTCOMES[context.getOutcome().ordinal()]);
	}

}
