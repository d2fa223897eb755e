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

	private final MeterCache<Answer, Tokens> tokens;

	public TokenUsageMeterObservationHandler(MeterRegistry registry) {
		this.tokens = new MeterCache<>(registry,
				(answer) -> new Tokens(register(registry, answer, "input"), register(registry, answer, "output")));
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
		Tokens counters = this.tokens.get(new Answer(provider, model, responseModel));
		counters.input().increment(usage.promptTokens());
		counters.output().increment(usage.completionTokens());
	}

	private static Counter register(MeterRegistry registry, Answer answer, String type) {
		return Counter.builder(TOKEN_USAGE)
			.description("Tokens read (input) and generated (output)")
			.tag("gen_ai.operation.name", "chat")
			.tag("gen_ai.provider.name", answer.provider().type())
			.tag("gen_ai.request.model", answer.model())
			.tag("gen_ai.response.model", answer.responseModel())
			.tag("gen_ai.token.type", type)
			.tag(MeterFallbackListener.PROVIDER, answer.provider().name())
			.register(registry);
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof CallObservationContext;
	}

	/** Who answered: the provider, the model asked for and the model that answered. */
	private record Answer(LlmProvider provider, String model, String responseModel) {
	}

	private record Tokens(Counter input, Counter output) {
	}

}
