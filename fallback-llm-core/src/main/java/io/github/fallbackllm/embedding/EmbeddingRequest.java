package io.github.fallbackllm.embedding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.github.fallbackllm.chat.InvalidChatRequestException;
import org.jspecify.annotations.Nullable;

/**
 * Texts to embed, in the order their vectors come back.
 *
 * @author Fallback LLM contributors
 */
public final class EmbeddingRequest {

	private final List<String> inputs;

	private final @Nullable Integer dimensions;

	private final @Nullable String route;

	private EmbeddingRequest(Builder builder) {
		if (builder.inputs.isEmpty()) {
			throw new InvalidChatRequestException("An embedding request needs at least one input");
		}
		for (int i = 0; i < builder.inputs.size(); i++) {
			String input = builder.inputs.get(i);
			if (input == null || input.isEmpty()) {
				throw new InvalidChatRequestException(
						"Input " + i + " of the embedding request is empty; " + "providers reject empty inputs");
			}
		}
		if (builder.dimensions != null && builder.dimensions < 1) {
			throw new InvalidChatRequestException("dimensions must be at least 1 (got " + builder.dimensions + ")");
		}
		this.inputs = List.copyOf(builder.inputs);
		this.dimensions = builder.dimensions;
		this.route = builder.route;
	}

	/**
	 * Create a request for the given texts.
	 * @param inputs the texts
	 * @return the request
	 */
	public static EmbeddingRequest of(String... inputs) {
		return builder().inputs(Arrays.asList(inputs)).build();
	}

	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Return the texts, in order.
	 * @return the texts
	 */
	public List<String> inputs() {
		return this.inputs;
	}

	/**
	 * Return the length asked of every vector, or {@code null} for the model's own.
	 * @return the dimensions
	 */
	public @Nullable Integer dimensions() {
		return this.dimensions;
	}

	/**
	 * Return the route that serves the request, or {@code null} for the default route.
	 * @return the route's name or alias
	 */
	public @Nullable String route() {
		return this.route;
	}

	/**
	 * Return a request for some of the inputs only, with the same options.
	 * @param from the first input, inclusive
	 * @param to the last input, exclusive
	 * @return the request
	 */
	public EmbeddingRequest slice(int from, int to) {
		return builder().inputs(this.inputs.subList(from, to)).dimensions(this.dimensions).route(this.route).build();
	}

	/**
	 * Builder of an {@link EmbeddingRequest}.
	 */
	public static final class Builder {

		private final List<String> inputs = new ArrayList<>();

		private @Nullable Integer dimensions;

		private @Nullable String route;

		private Builder() {
		}

		/**
		 * Add one text.
		 * @param input the text
		 * @return this builder
		 */
		public Builder input(String input) {
			this.inputs.add(input);
			return this;
		}

		/**
		 * Add texts, in order.
		 * @param inputs the texts
		 * @return this builder
		 */
		public Builder inputs(List<String> inputs) {
			this.inputs.addAll(inputs);
			return this;
		}

		/**
		 * Ask for vectors of this length, from models that can shorten theirs (such as
		 * OpenAI's {@code text-embedding-3}). A target that answers with another length
		 * fails, and the next one is tried.
		 * @param dimensions the length, or {@code null} for the model's own
		 * @return this builder
		 */
		public Builder dimensions(@Nullable Integer dimensions) {
			this.dimensions = dimensions;
			return this;
		}

		/**
		 * Name the route that serves the request.
		 * @param route the route's name or alias, or {@code null} for the default route
		 * @return this builder
		 */
		public Builder route(@Nullable String route) {
			this.route = route;
			return this;
		}

		public EmbeddingRequest build() {
			return new EmbeddingRequest(this);
		}

	}

}
