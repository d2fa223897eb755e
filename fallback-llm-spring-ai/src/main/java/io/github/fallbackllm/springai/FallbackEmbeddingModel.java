package io.github.fallbackllm.springai;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.fallbackllm.FallbackEmbeddingService;
import io.github.fallbackllm.chat.AllProvidersFailedException;
import io.github.fallbackllm.chat.Attempt;
import io.github.fallbackllm.chat.FallbackChatException;
import io.github.fallbackllm.chat.InvalidChatRequestException;
import io.github.fallbackllm.chat.TokenUsage;
import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.Embedding;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingOptions;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.ai.embedding.EmbeddingResponseMetadata;
import org.springframework.ai.retry.NonTransientAiException;

/**
 * A Spring AI {@link EmbeddingModel} that is a fallback chain: each call walks the
 * embedding targets of a {@link FallbackEmbeddingService}, so vector stores keep indexing
 * and searching when a provider fails, and never mix vectors of two embedding spaces.
 * <p>
 * A model named in the options selects the route of that name or alias, or names the
 * embedding space of this model's route; any other model is refused with an
 * {@link InvalidChatRequestException} rather than ignored, since vectors of another space
 * than the one named would not match the caller's. The options' dimensions are asked of
 * every target, and a target that answers with another length is not used. A call that no
 * target answered ends with a {@link NonTransientAiException} whose cause is the chain's
 * {@link AllProvidersFailedException}: the chain has already retried and fallen back, so
 * Spring AI's retry must not repeat it.
 * <p>
 * The response metadata names the provider
 * ({@value FallbackChatModel#PROVIDER_METADATA_KEY}), the embedding space
 * ({@value #SPACE_METADATA_KEY}) and the attempts
 * ({@value FallbackChatModel#ATTEMPTS_METADATA_KEY}).
 *
 * @author Fallback LLM contributors
 */
public class FallbackEmbeddingModel implements EmbeddingModel {

	/**
	 * Key of the response metadata that holds the embedding space of the vectors.
	 */
	public static final String SPACE_METADATA_KEY = "llm.fallback.space";

	private final FallbackEmbeddingService service;

	private final EmbeddingOptions defaultOptions;

	/** The vectors' length once known; 0 until the first answer when not configured. */
	private final AtomicInteger dimensions = new AtomicInteger();

	/**
	 * Create a model with no default options.
	 * @param service the fallback chain's embeddings
	 */
	public FallbackEmbeddingModel(FallbackEmbeddingService service) {
		this(service, EmbeddingOptions.builder().build());
	}

	/**
	 * Create a model.
	 * @param service the fallback chain's embeddings
	 * @param defaultOptions the model (a route's name or alias) and dimensions used where
	 * a request sets none
	 */
	public FallbackEmbeddingModel(FallbackEmbeddingService service, EmbeddingOptions defaultOptions) {
		this.service = service;
		this.defaultOptions = defaultOptions;
		// A default model that selects nothing fails now, not on every call.
		chain(defaultOptions.getModel());
	}

	@Override
	public EmbeddingResponse call(EmbeddingRequest request) {
		EmbeddingOptions options = request.getOptions();
		String model = (options != null && options.getModel() != null) ? options.getModel()
				: this.defaultOptions.getModel();
		Integer dimensions = (options != null && options.getDimensions() != null) ? options.getDimensions()
				: this.defaultOptions.getDimensions();
		io.github.fallbackllm.embedding.EmbeddingRequest embeddingRequest = io.github.fallbackllm.embedding.EmbeddingRequest
			.builder()
			.inputs(request.getInstructions())
			.dimensions(dimensions)
			.build();
		try {
			return toResponse(chain(model).embedBlocking(embeddingRequest));
		}
		catch (FallbackChatException ex) {
			throw new NonTransientAiException(ex.getMessage(), ex);
		}
	}

	@Override
	public float[] embed(Document document) {
		return embed(getEmbeddingContent(document));
	}

	/**
	 * Return the length of the vectors: the configured dimensions, else that of the first
	 * answer, asking for one when none came yet. Every answer of a route comes from one
	 * embedding space, so the length does not change from call to call.
	 * @return the dimensions
	 */
	@Override
	public int dimensions() {
		Integer configured = this.defaultOptions.getDimensions();
		if (configured != null) {
			return configured;
		}
		int known = this.dimensions.get();
		return (known > 0) ? known : embed("Test String").length;
	}

	/**
	 * Return the options used where a request sets none.
	 * @return the default options
	 */
	public EmbeddingOptions getDefaultOptions() {
		return this.defaultOptions;
	}

	private FallbackEmbeddingService chain(@Nullable String model) {
		if (model == null) {
			return this.service;
		}
		return this.service.routeFor(model).orElseGet(() -> {
			List<String> spaces = this.service.spaces();
			if (spaces.equals(List.of(model))) {
				return this.service;
			}
			throw new InvalidChatRequestException("No route answers to model '" + model
					+ "', nor is it the embedding space of route '" + this.service.currentRoute().name() + "' " + spaces
					+ "; name a route or an alias, so that vectors of another space never reach you");
		});
	}

	private EmbeddingResponse toResponse(io.github.fallbackllm.embedding.EmbeddingResponse answer) {
		List<Embedding> embeddings = new ArrayList<>(answer.vectors().size());
		for (float[] vector : answer.vectors()) {
			embeddings.add(new Embedding(vector, embeddings.size()));
		}
		this.dimensions.set(answer.dimensions());
		TokenUsage usage = answer.usage();
		DefaultUsage springUsage = (usage != null)
				? new DefaultUsage(usage.promptTokens(), usage.completionTokens(), usage.totalTokens(), usage)
				: new DefaultUsage(0, 0);
		Map<String, Object> metadata = Map.of(FallbackChatModel.PROVIDER_METADATA_KEY, answer.provider(),
				SPACE_METADATA_KEY, answer.space(), FallbackChatModel.ATTEMPTS_METADATA_KEY,
				List.<Attempt>copyOf(answer.attempts()));
		return new EmbeddingResponse(embeddings, new EmbeddingResponseMetadata(answer.model(), springUsage, metadata));
	}

}
