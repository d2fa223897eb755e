package io.github.fallbackllm.autoconfigure.langchain4j;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the LangChain4j chat and embedding models backed by the fallback
 * chain.
 *
 * @author Fallback LLM contributors
 */
@ConfigurationProperties("llm.fallback.langchain4j")
public class FallbackLlmLangChain4jProperties {

	/**
	 * Whether to expose the fallback chain as LangChain4j ChatModel, StreamingChatModel
	 * and EmbeddingModel beans.
	 */
	private boolean enabled = true;

	private final Embedding embedding = new Embedding();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Embedding getEmbedding() {
		return this.embedding;
	}

	/**
	 * Defaults of the embedding model, for requests that set none.
	 */
	public static class Embedding {

		/**
		 * Route (name or alias) that serves embedding requests naming no model; the
		 * default route when not set.
		 */
		private @Nullable String model;

		/**
		 * Length asked of every vector; the model's own when not set.
		 */
		private @Nullable Integer dimensions;

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
