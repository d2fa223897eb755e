package io.github.fallbackllm.langchain4j;

import java.util.List;
import java.util.Objects;

import dev.langchain4j.model.embedding.response.EmbeddingResponseMetadata;
import io.github.fallbackllm.chat.Attempt;
import org.jspecify.annotations.Nullable;

/**
 * Metadata of an embedding answer of the fallback chain: besides LangChain4j's model name
 * and token usage, the provider that answered, the embedding space of the vectors and
 * every attempt of the call.
 * <p>
 * Read it from an {@code EmbeddingResponse} with
 * {@code (FallbackEmbeddingResponseMetadata) response.metadata()}.
 *
 * @author Fallback LLM contributors
 */
public class FallbackEmbeddingResponseMetadata extends EmbeddingResponseMetadata {

	private final String provider;

	private final String space;

	private final List<Attempt> attempts;

	protected FallbackEmbeddingResponseMetadata(Builder builder) {
		super(builder);
		this.provider = Objects.requireNonNull(builder.provider, "provider");
		this.space = Objects.requireNonNull(builder.space, "space");
		this.attempts = List.copyOf(builder.attempts);
	}

	/**
	 * Return the name of the provider that answered, as configured.
	 * @return the provider
	 */
	public String provider() {
		return this.provider;
	}

	/**
	 * Return the embedding space of the vectors: compare them only with vectors of the
	 * same space.
	 * @return the space
	 */
	public String space() {
		return this.space;
	}

	/**
	 * Return every target the call tried or skipped, in order; the last one answered.
	 * @return the attempts
	 */
	public List<Attempt> attempts() {
		return this.attempts;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return super.equals(other) && this.provider.equals(((FallbackEmbeddingResponseMetadata) other).provider)
				&& this.space.equals(((FallbackEmbeddingResponseMetadata) other).space)
				&& this.attempts.equals(((FallbackEmbeddingResponseMetadata) other).attempts);
	}

	@Override
	public int hashCode() {
		return Objects.hash(super.hashCode(), this.provider, this.space, this.attempts);
	}

	@Override
	public String toString() {
		return "FallbackEmbeddingResponseMetadata{modelName='" + modelName() + "', provider='" + this.provider
				+ "', space='" + this.space + "', tokenUsage=" + tokenUsage() + ", attempts=" + this.attempts + "}";
	}

	/**
	 * Start building metadata.
	 * @return the builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Builder for {@link FallbackEmbeddingResponseMetadata}.
	 */
	public static class Builder extends EmbeddingResponseMetadata.Builder<Builder> {

		private @Nullable String provider;

		private @Nullable String space;

		private List<Attempt> attempts = List.of();

		/**
		 * Set the provider that answered.
		 * @param provider the provider
		 * @return this builder
		 */
		public Builder provider(String provider) {
			this.provider = provider;
			return this;
		}

		/**
		 * Set the embedding space of the vectors.
		 * @param space the space
		 * @return this builder
		 */
		public Builder space(String space) {
			this.space = space;
			return this;
		}

		/**
		 * Set the attempts of the call.
		 * @param attempts the attempts, in order
		 * @return this builder
		 */
		public Builder attempts(List<Attempt> attempts) {
			this.attempts = attempts;
			return this;
		}

		@Override
		public FallbackEmbeddingResponseMetadata build() {
			return new FallbackEmbeddingResponseMetadata(this);
		}

	}

}
