package io.github.fallbackllm.langchain4j;

import java.util.List;
import java.util.Objects;

import dev.langchain4j.model.chat.response.ChatResponseMetadata;
import io.github.fallbackllm.chat.Attempt;
import org.jspecify.annotations.Nullable;

/**
 * Metadata of an answer of the fallback chain: besides LangChain4j's model name, token
 * usage and finish reason, the provider that answered and every attempt of the call.
 * <p>
 * Read it from a {@code ChatResponse} with
 * {@code (FallbackChatResponseMetadata) response.metadata()}.
 *
 * @author Fallback LLM contributors
 */
public class FallbackChatResponseMetadata extends ChatResponseMetadata {

	private final String provider;

	private final List<Attempt> attempts;

	protected FallbackChatResponseMetadata(Builder builder) {
		super(builder);
		this.provider = Objects.requireNonNull(builder.provider, "provider");
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
	 * Return every target the call tried or skipped, in order; the last one answered.
	 * @return the attempts
	 */
	public List<Attempt> attempts() {
		return this.attempts;
	}

	@Override
	public Builder toBuilder() {
		Builder builder = new Builder().provider(this.provider).attempts(this.attempts);
		toBuilder(builder);
		return builder;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return super.equals(other) && this.provider.equals(((FallbackChatResponseMetadata) other).provider)
				&& this.attempts.equals(((FallbackChatResponseMetadata) other).attempts);
	}

	@Override
	public int hashCode() {
		return Objects.hash(super.hashCode(), this.provider, this.attempts);
	}

	@Override
	public String toString() {
		return "FallbackChatResponseMetadata{modelName='" + modelName() + "', provider='" + this.provider
				+ "', tokenUsage=" + tokenUsage() + ", finishReason=" + finishReason() + ", attempts=" + this.attempts
				+ "}";
	}

	/**
	 * Start building metadata.
	 * @return the builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Builder for {@link FallbackChatResponseMetadata}.
	 */
	public static class Builder extends ChatResponseMetadata.Builder<Builder> {

		private @Nullable String provider;

		private List<Attempt> attempts = List.of();

		public Builder provider(String provider) {
			this.provider = provider;
			return this;
		}

		public Builder attempts(List<Attempt> attempts) {
			this.attempts = attempts;
			return this;
		}

		@Override
		public FallbackChatResponseMetadata build() {
			return new FallbackChatResponseMetadata(this);
		}

	}

}
