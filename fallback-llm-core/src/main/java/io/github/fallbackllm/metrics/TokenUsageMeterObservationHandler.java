package io.github.fallbackllm.metrics;

import io.github.fallbackllm.chat.TokenUsage;
import io.github.fallbackllm.observation.CallObservationContext;
import io.github.fallbackllm.provider.LlmProvider;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;

/**
 * Counts the tokens of every answered call, input and output, as
 * {@code gen_ai.client.token.usage}. A counter without base unit, like the one Spring AI
 * registers under that name, so that both live in one registry and one Prometheus series
 * family.
 *
 * @author Fallback LLM contributors
 */
public class TokenUsageMeterObservationHandler implements ObservationHandler<CallObservationContext> {

	/** The counter's name. */
	public static final String TOKEN_USAGE = "gen_ai.client.token.usage";

	private final MeterRegistry registry;

	public TokenUsageMeterObservationHandler(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void onStop(CallObservationContext context) {
		TokenUsage usage = context.getUsage();
		LlmProvider provider = context.getProvider();
		String model = context.getModel();
		if (usage == null || provider == null || model == null) {
			return;
		}
		String responseModel = (context.getResponseModel() != null) ? context.getResponseModel() : "none";
		count("input", usage.promptTokens(), provider, model, responseModel);
		count("output", usage.completionTokens(), provider, model, responseModel);
	}

	private void count(String type, int tokens, LlmProvider provider, String model, String responseModel) {
		Counter.builder(TOKEN_USAGE)
			.description("Tokens read (input) and generated (output)")
			.tag("gen_ai.operation.name", "chat")
			.tag("gen_ai.provider.name", provider.type())
			.tag("gen_ai.request.model", model)
			.tag("gen_ai.response.model", responseModel)
			.tag("gen_ai.token.type", type)
			.tag(MeterFallbackListener.PROVIDER, provider.name())
			.register(this.registry)
			.increment(tokens);
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof CallObservationContext;
	}

}
