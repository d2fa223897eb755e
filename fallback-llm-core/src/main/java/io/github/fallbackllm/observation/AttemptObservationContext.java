package io.github.fallbackllm.observation;

import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.TokenUsage;
import io.github.fallbackllm.provider.LlmProvider;
import org.jspecify.annotations.Nullable;

/**
 * What the observation of one attempt knows: the target and the request, then what came
 * of it.
 *
 * @author Fallback LLM contributors
 */
public class AttemptObservationContext extends KeyValuesContext {

	private final LlmProvider provider;

	private final String model;

	private final String operation;

	private final @Nullable ChatRequest request;

	private final boolean streaming;

	private @Nullable AttemptOutcome outcome;

	private boolean cancelled;

	private @Nullable String responseModel;

	private @Nullable TokenUsage usage;

	public AttemptObservationContext(LlmProvider provider, String model, ChatRequest request, boolean streaming) {
		this("chat", provider, model, request, streaming);
	}

	/**
	 * Create the context of an attempt of any operation.
	 * @param operation the operation, as {@code gen_ai.operation.name} names it, such as
	 * {@code chat} or {@code embeddings}
	 * @param provider the provider
	 * @param model the model asked for
	 * @param request the chat request, or {@code null} for another operation
	 * @param streaming whether the attempt is part of a stream
	 */
	public AttemptObservationContext(String operation, LlmProvider provider, String model,
			@Nullable ChatRequest request, boolean streaming) {
		this.operation = operation;
		this.provider = provider;
		this.model = model;
		this.request = request;
		this.streaming = streaming;
	}

	public LlmProvider getProvider() {
		return this.provider;
	}

	/**
	 * Return the model asked for, as configured.
	 * @return the model
	 */
	public String getModel() {
		return this.model;
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
	 * Return whether the attempt is part of a stream.
	 * @return whether it streams
	 */
	public boolean isStreaming() {
		return this.streaming;
	}

	/**
	 * Return what came of the attempt.
	 * @return the outcome, or {@code null} while it runs and when it was
	 * {@link #isCancelled() cancelled}
	 */
	public @Nullable AttemptOutcome getOutcome() {
		return this.outcome;
	}

	public void setOutcome(@Nullable AttemptOutcome outcome) {
		this.outcome = outcome;
	}

	/**
	 * Return whether the call gave up on the attempt before it answered or failed: the
	 * caller cancelled, or the call's deadline ran out.
	 * @return whether it was cancelled
	 */
	public boolean isCancelled() {
		return this.cancelled;
	}

	public void setCancelled(boolean cancelled) {
		this.cancelled = cancelled;
	}

	/**
	 * Return the model that answered, as the provider reported it.
	 * @return the model, or {@code null} before an answer
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

}
