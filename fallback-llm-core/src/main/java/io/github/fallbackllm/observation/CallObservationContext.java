package io.github.fallbackllm.observation;

import java.util.List;

import io.github.fallbackllm.chat.Attempt;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.TokenUsage;
import io.github.fallbackllm.provider.LlmProvider;
import org.jspecify.annotations.Nullable;

/**
 * What the observation of one chat call knows: the request, then how the call ended,
 * which target answered and what the answer cost.
 *
 * @author Fallback LLM contributors
 */
public class CallObservationContext extends KeyValuesContext {

	private final String operation;

	private final @Nullable ChatRequest request;

	private final boolean streaming;

	private final String route;

	private CallOutcome outcome = CallOutcome.CANCELLED;

	private List<Attempt> attempts = List.of();

	private @Nullable LlmProvider provider;

	private @Nullable String model;

	private @Nullable String responseModel;

	private @Nullable TokenUsage usage;

	public CallObservationContext(ChatRequest request, boolean streaming, String route) {
		this("chat", request, streaming, route);
	}

	/**
	 * Create the context of a call of any operation.
	 * @param operation the operation, as {@code gen_ai.operation.name} names it, such as
	 * {@code chat} or {@code embeddings}
	 * @param request the chat request, or {@code null} for another operation
	 * @param streaming whether the call is a stream
	 * @param route the name of the route that serves the call
	 */
	public CallObservationContext(String operation, @Nullable ChatRequest request, boolean streaming, String route) {
		this.operation = operation;
		this.request = request;
		this.streaming = streaming;
		this.route = route;
	}

	/**
	 * Return the operation, as {@code gen_ai.operation.name} names it.
	 * @return {@code chat} or {@code embeddings}
	 */
	public String getOperation() {
		return this.operation;
	}

	/**
	 * Return the chat request.
	 * @return the request, or {@code null} for an operation other than chat
	 */
	public @Nullable ChatRequest getRequest() {
		return this.request;
	}

	/**
	 * Return whether the call is a stream.
	 * @return whether it streams
	 */
	public boolean isStreaming() {
		return this.streaming;
	}

	/**
	 * Return the name of the route that served the call.
	 * @return the route
	 */
	public String getRoute() {
		return this.route;
	}

	/**
	 * Return how the call ended; {@link CallOutcome#CANCELLED} until it does.
	 * @return the outcome
	 */
	public CallOutcome getOutcome() {
		return this.outcome;
	}

	public void setOutcome(CallOutcome outcome) {
		this.outcome = outcome;
	}

	/**
	 * Return every attempt of the call, skips included, in order.
	 * @return the attempts
	 */
	public List<Attempt> getAttempts() {
		return this.attempts;
	}

	public void setAttempts(List<Attempt> attempts) {
		this.attempts = List.copyOf(attempts);
	}

	/**
	 * Return the provider that answered.
	 * @return the provider, or {@code null} if none did
	 */
	public @Nullable LlmProvider getProvider() {
		return this.provider;
	}

	/**
	 * Return the configured model that answered.
	 * @return the model, or {@code null} if none did
	 */
	public @Nullable String getModel() {
		return this.model;
	}

	/**
	 * Record the target that answered.
	 * @param provider the provider
	 * @param model the configured model
	 */
	public void setAnsweredBy(LlmProvider provider, String model) {
		this.provider = provider;
		this.model = model;
	}

	/**
	 * Return the model that answered, as the provider reported it.
	 * @return the model, or {@code null} if none answered
	 */
	public @Nullable String getResponseModel() {
		return this.responseModel;
	}

	public void setResponseModel(@Nullable String responseModel) {
		this.responseModel = responseModel;
	}

	/**
	 * Return the tokens the answer cost.
	 * @return the usage, or {@code null} when not reported
	 */
	public @Nullable TokenUsage getUsage() {
		return this.usage;
	}

	public void setUsage(@Nullable TokenUsage usage) {
		this.usage = usage;
	}

	/**
	 * Return how many times the call moved on to a later target, skips included.
	 * @return the hops
	 */
	public int getHops() {
		List<Attempt> attempts = this.attempts;
		int targets = 0;
		for (int index = 0; index < attempts.size(); index++) {
			if (!triedBefore(attempts, index)) {
				targets++;
			}
		}
		return Math.max(0, targets - 1);
	}

	private static boolean triedBefore(List<Attempt> attempts, int index) {
		Attempt attempt = attempts.get(index);
		for (int earlier = 0; earlier < index; earlier++) {
			Attempt other = attempts.get(earlier);
			if (other.provider().equals(attempt.provider()) && other.model().equals(attempt.model())) {
				return true;
			}
		}
		return false;
	}

}
