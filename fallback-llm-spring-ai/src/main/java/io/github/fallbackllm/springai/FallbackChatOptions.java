package io.github.fallbackllm.springai;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.model.tool.DefaultToolCallingChatOptions;
import org.springframework.ai.model.tool.StructuredOutputChatOptions;
import org.springframework.ai.tool.ToolCallback;

/**
 * Options of a {@link FallbackChatModel}: the portable ones every target understands,
 * tool callbacks, and a JSON schema for structured output. {@code ChatClient} adds its
 * tools and its {@code .entity(…)} schema only to options of these two kinds, hence both.
 *
 * @author Fallback LLM contributors
 */
public class FallbackChatOptions extends DefaultToolCallingChatOptions implements StructuredOutputChatOptions {

	private final @Nullable String outputSchema;

	protected FallbackChatOptions(@Nullable List<ToolCallback> toolCallbacks, @Nullable Map<String, Object> toolContext,
			@Nullable String model, @Nullable Double frequencyPenalty, @Nullable Integer maxTokens,
			@Nullable Double presencePenalty, @Nullable List<String> stopSequences, @Nullable Double temperature,
			@Nullable Integer topK, @Nullable Double topP, @Nullable String outputSchema) {
		super(toolCallbacks, toolContext, model, frequencyPenalty, maxTokens, presencePenalty, stopSequences,
				temperature, topK, topP);
		this.outputSchema = outputSchema;
	}

	@Override
	public @Nullable String getOutputSchema() {
		return this.outputSchema;
	}

	@Override
	public Builder mutate() {
		return builder().model(getModel())
			.frequencyPenalty(getFrequencyPenalty())
			.maxTokens(getMaxTokens())
			.presencePenalty(getPresencePenalty())
			.stopSequences(getStopSequences())
			.temperature(getTemperature())
			.topK(getTopK())
			.topP(getTopP())
			.toolCallbacks(getToolCallbacks())
			.toolContext(getToolContext())
			.outputSchema(this.outputSchema);
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return super.equals(other) && Objects.equals(this.outputSchema, ((FallbackChatOptions) other).outputSchema);
	}

	@Override
	public int hashCode() {
		return Objects.hash(super.hashCode(), this.outputSchema);
	}

	/**
	 * Start building options.
	 * @return the builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Builder for {@link FallbackChatOptions}.
	 */
	public static class Builder extends DefaultToolCallingChatOptions.Builder<Builder>
			implements StructuredOutputChatOptions.Builder<Builder> {

		protected @Nullable String outputSchema;

		@Override
		public Builder outputSchema(@Nullable String outputSchema) {
			this.outputSchema = outputSchema;
			return this;
		}

		@Override
		public Builder combineWith(ChatOptions.Builder<?> other) {
			super.combineWith(other);
			if (other instanceof Builder that && that.outputSchema != null) {
				this.outputSchema = that.outputSchema;
			}
			return this;
		}

		@Override
		public FallbackChatOptions build() {
			return new FallbackChatOptions(this.toolCallbacks, this.toolContext, this.model, this.frequencyPenalty,
					this.maxTokens, this.presencePenalty, this.stopSequences, this.temperature, this.topK, this.topP,
					this.outputSchema);
		}

	}

}
