package io.github.fallbackllm.observation;

import java.util.Locale;

import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.TokenUsage;
import io.github.fallbackllm.observation.FallbackObservationDocumentation.AttemptHighCardinalityKeyNames;
import io.github.fallbackllm.observation.FallbackObservationDocumentation.AttemptKeyNames;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import org.jspecify.annotations.Nullable;

/**
 * The default names and keys of the observation of one attempt: OpenTelemetry's GenAI
 * client operation, {@code gen_ai.client.operation}, with the keys of
 * {@link AttemptKeyNames}, named {@code <operation> <model>} in traces.
 *
 * @author Fallback LLM contributors
 */
public class DefaultAttemptObservationConvention implements AttemptObservationConvention {

	/** The name of the observation, and of the timer it records. */
	public static final String NAME = "gen_ai.client.operation";

	private static final KeyValue CHAT = AttemptKeyNames.OPERATION_NAME.withValue("chat");

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(AttemptObservationContext context) {
		return context.getOperation() + " " + context.getModel();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(AttemptObservationContext context) {
		String responseModel = context.getResponseModel();
		String serverAddress = context.getProvider().serverAddress();
		KeyValue providerType = AttemptKeyNames.PROVIDER_TYPE.withValue(context.getProvider().type());
		KeyValue requestModel = AttemptKeyNames.REQUEST_MODEL.withValue(context.getModel());
		KeyValue answeringModel = AttemptKeyNames.RESPONSE_MODEL
			.withValue((responseModel != null) ? responseModel : "none");
		KeyValue provider = AttemptKeyNames.PROVIDER.withValue(context.getProvider().name());
		KeyValue server = AttemptKeyNames.SERVER_ADDRESS.withValue((serverAddress != null) ? serverAddress : "none");
		String errorType = errorType(context);
		KeyValue operation = "chat".equals(context.getOperation()) ? CHAT
				: AttemptKeyNames.OPERATION_NAME.withValue(context.getOperation());
		// In the order of their keys, so that KeyValues need not sort them.
		return (errorType != null)
				? KeyValues.of(AttemptKeyNames.ERROR_TYPE.withValue(errorType), operation, providerType, requestModel,
						answeringModel, provider, server)
				: KeyValues.of(operation, providerType, requestModel, answeringModel, provider, server);
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(AttemptObservationContext context) {
		TokenUsage usage = context.getUsage();
		if (usage == null) {
			return KeyValues.empty();
		}
		return KeyValues.of(
				KeyValue.of(AttemptHighCardinalityKeyNames.INPUT_TOKENS, Integer.toString(usage.promptTokens())),
				KeyValue.of(AttemptHighCardinalityKeyNames.OUTPUT_TOKENS, Integer.toString(usage.completionTokens())));
	}

	/**
	 * Return the value of {@code error.type}: the failure in snake case, or
	 * {@code cancelled}; {@code null} while the attempt runs and when the target
	 * answered.
	 */
	private static @Nullable String errorType(AttemptObservationContext context) {
		if (context.isCancelled()) {
			return "cancelled";
		}
		AttemptOutcome outcome = context.getOutcome();
		return (outcome != null && outcome != AttemptOutcome.SUCCEEDED) ? outcome.name().toLowerCase(Locale.ROOT)
				: null;
	}

}
