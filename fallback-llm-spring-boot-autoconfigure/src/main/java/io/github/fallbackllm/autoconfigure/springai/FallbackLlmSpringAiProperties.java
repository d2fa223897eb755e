package io.github.fallbackllm.autoconfigure.springai;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the Spring AI {@code ChatModel} and {@code EmbeddingModel} backed by
 * the fallback chain.
 *
 * @author Fallback LLM contributors
 */
@ConfigurationProperties("llm.fallback.spring-ai")
public class FallbackLlmSpringAiProperties {

	/**
	 * Whether to expose the fallback chain as a Spring AI ChatModel bean named
	 * 'fallbackChatModel' and an EmbeddingModel bean named 'fallbackEmbeddingModel'.
	 */
	private boolean enabled = true;

	/**
	 * Whether the fallback ChatModel and EmbeddingModel are the primary ones, so that
	 * ChatClient.Builder and vector stores pick them when Spring AI's own model starters
	 * define such beans too.
	 */
	private boolean primary = true;

	private final Embedding embedding = new Embedding();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public boolean isPrimary() {
		return this.primary;
	}

	public void setPrimary(boolean primary) {
		this.primary = primary;
	}

	public Embedding getEmbedding() {
		return this.embedding;
	}

	/**
	 * Defaults of the embedding model, for calls whose options set none (such as those of
	 * vector stores).
	 */
	public static class Embedding {

		/**
		 * Whether to expose the 'fallbackEmbeddingModel' bean; turn it off when the chain
		 * serves no embeddings and another EmbeddingModel should be the primary one.
		 */
		private boolean enabled = true;

		/**
		 * Route (name or alias) that serves embedding calls naming no model; the default
		 * route when not set.
		 */
		private @Nullable String model;

		/**
		 * Length asked of every vector; the model's own when not set.
		 */
		private @Nullable Integer dimensions;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable String getModel() {
			return this.model;
		}

		public void setModel(@Nullable String model) {
			this.model = model;
		}

		public @Nullable Integer getDimensions() {
			return this.dimensions;
		}

		public void setDimensions(@Nullable Integer dimensions) {
			this.dimensions = dimensions;
		}

	}

}
