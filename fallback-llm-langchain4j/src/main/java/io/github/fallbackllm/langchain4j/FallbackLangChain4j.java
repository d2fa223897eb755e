package io.github.fallbackllm.langchain4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.langchain4j.model.embedding.listener.EmbeddingModelListener;
import dev.langchain4j.model.embedding.request.EmbeddingRequestParameters;
import io.github.fallbackllm.FallbackChatService;
import io.github.fallbackllm.FallbackEmbeddingService;
import org.jspecify.annotations.Nullable;

/**
 * LangChain4j models backed by a fallback chain, for {@code AiServices} and any code that
 * takes a {@code ChatModel} or a {@code StreamingChatModel}:
 *
 * <pre class="code">
 * ChatModel model = FallbackLangChain4j.chatModel(fallbackChatService).build();
 * Assistant assistant = AiServices.builder(Assistant.class).chatModel(model).tools(new Tools()).build();
 * </pre>
 *
 * An {@code EmbeddingModel} comes from the chain's embeddings, for embedding stores:
 *
 * <pre class="code">
 * EmbeddingModel embeddings = FallbackLangChain4j.embeddingModel(fallbackChatService.embeddings()).build();
 * </pre>
 *
 * Spring Boot applications get the three models as beans.
 *
 * @author Fallback LLM contributors
 */
public final class FallbackLangChain4j {

	private FallbackLangChain4j() {
	}

	/**
	 * Start building a {@link FallbackChatModel}.
	 * @param service the fallback chain
	 * @return the builder
	 */
	public static Builder<FallbackChatModel> chatModel(FallbackChatService service) {
		return new Builder<>(service, FallbackChatModel::new);
	}

	/**
	 * Start building a {@link FallbackStreamingChatModel}.
	 * @param service the fallback chain
	 * @return the builder
	 */
	public static Builder<FallbackStreamingChatModel> streamingChatModel(FallbackChatService service) {
		return new Builder<>(service, FallbackStreamingChatModel::new);
	}

	/**
	 * Start building a {@link FallbackEmbeddingModel}.
	 * @param service the fallback chain's embeddings
	 * @return the builder
	 */
	public static EmbeddingModelBuilder embeddingModel(FallbackEmbeddingService service) {
		return new EmbeddingModelBuilder(service);
	}

	/**
	 * Builder of the models of a chain.
	 *
	 * @param <M> the kind of model
	 */
	public static final class Builder<M> {

		private final FallbackChatService service;

		private final Function<ChatChain, M> factory;

		private ChatRequestParameters defaultRequestParameters = DefaultChatRequestParameters.EMPTY;

		private @Nullable String model;

		private final List<ChatModelListener> listeners = new ArrayList<>();

		private Builder(FallbackChatService service, Function<ChatChain, M> factory) {
			this.service = Objects.requireNonNull(service, "service");
			this.factory = factory;
		}

		/**
		 * Send requests that name no model to the targets of this model only, in chain
		 * order, rather than to the whole chain.
		 * @param model a model of the chain, as configured
		 * @return this builder
		 */
		public Builder<M> model(@Nullable String model) {
			this.model = model;
			return this;
		}

		/**
		 * Set the parameters used where a request sets none, such as a temperature or
		 * tools. Top-k and the frequency and presence penalties are refused: not every
		 * provider of a chain honours them.
		 * @param parameters the parameters
		 * @return this builder
		 */
		public Builder<M> defaultRequestParameters(ChatRequestParameters parameters) {
			this.defaultRequestParameters = Objects.requireNonNull(parameters, "parameters");
			return this;
		}

		/**
		 * Add listeners that hear each call once: its request, then its response or
		 * error, however many targets it tried.
		 * @param listeners the listeners
		 * @return this builder
		 */
		public Builder<M> listeners(ChatModelListener... listeners) {
			return listeners(Arrays.asList(listeners));
		}

		/**
		 * Add listeners that hear each call once.
		 * @param listeners the listeners
		 * @return this builder
		 */
		public Builder<M> listeners(List<ChatModelListener> listeners) {
			this.listeners.addAll(listeners);
			return this;
		}

		/**
		 * Build the model.
		 * @return the model
		 * @throws dev.langchain4j.exception.UnsupportedFeatureException if the default
		 * parameters hold one that not every provider honours
		 */
		public M build() {
			ChatRequestParameters defaults = (this.model != null) ? DefaultChatRequestParameters.builder()
				.overrideWith(this.defaultRequestParameters)
				.modelName(this.model)
				.build() : this.defaultRequestParameters;
			RequestMapper.refuseUnportable(defaults);
			return this.factory.apply(new ChatChain(this.service, defaults, this.listeners));
		}

	}

	/**
	 * Builder of the embedding model of a chain.
	 */
	public static final class EmbeddingModelBuilder {

		private final FallbackEmbeddingService service;

		private @Nullable String model;

		private @Nullable Integer dimensions;

		private final List<EmbeddingModelListener> listeners = new ArrayList<>();

		private EmbeddingModelBuilder(FallbackEmbeddingService service) {
			this.service = Objects.requireNonNull(service, "service");
		}

		/**
		 * Send requests that name no model to this route rather than to the chain's
		 * default one.
		 * @param model a route's name or alias, or the embedding space of the default
		 * route
		 * @return this builder
		 */
		public EmbeddingModelBuilder model(@Nullable String model) {
			this.model = model;
			return this;
		}

		/**
		 * Ask for vectors of this length where a request asks for none; a target that
		 * answers with another length is not used.
		 * @param dimensions the length, or {@code null} for the model's own
		 * @return this builder
		 */
		public EmbeddingModelBuilder dimensions(@Nullable Integer dimensions) {
			this.dimensions = dimensions;
			return this;
		}

		/**
		 * Add listeners that hear each call once: its request, then its response or
		 * error, however many targets it tried.
		 * @param listeners the listeners
		 * @return this builder
		 */
		public EmbeddingModelBuilder listeners(EmbeddingModelListener... listeners) {
			return listeners(Arrays.asList(listeners));
		}

		/**
		 * Add listeners that hear each call once.
		 * @param listeners the listeners
		 * @return this builder
		 */
		public EmbeddingModelBuilder listeners(List<EmbeddingModelListener> listeners) {
			this.listeners.addAll(listeners);
			return this;
		}

		/**
		 * Build the model.
		 * @return the model
		 * @throws dev.langchain4j.exception.InvalidRequestException if the model selects
		 * no route
		 */
		public FallbackEmbeddingModel build() {
			EmbeddingRequestParameters defaults = EmbeddingRequestParameters.builder()
				.modelName(this.model)
				.dimensions(this.dimensions)
				.build();
			return new FallbackEmbeddingModel(this.service, defaults, this.listeners);
		}

	}

}
