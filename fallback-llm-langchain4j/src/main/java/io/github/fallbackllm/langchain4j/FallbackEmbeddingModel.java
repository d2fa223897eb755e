package io.github.fallbackllm.langchain4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.listener.EmbeddingModelListener;
import dev.langchain4j.model.embedding.request.EmbeddingInput;
import dev.langchain4j.model.embedding.request.EmbeddingParameter;
import dev.langchain4j.model.embedding.request.EmbeddingRequest;
import dev.langchain4j.model.embedding.request.EmbeddingRequestParameters;
import dev.langchain4j.model.embedding.response.EmbeddingResponse;
import dev.langchain4j.model.output.TokenUsage;
import io.github.fallbackllm.FallbackEmbeddingService;
import io.github.fallbackllm.chat.AllProvidersFailedException;
import org.jspecify.annotations.Nullable;

/**
 * A LangChain4j {@link EmbeddingModel} that is a fallback chain: each call walks the
 * embedding targets of a {@link FallbackEmbeddingService}, so embedding stores keep
 * indexing and searching when a provider fails, and never mix vectors of two embedding
 * spaces. Build one with
 * {@link FallbackLangChain4j#embeddingModel(FallbackEmbeddingService)}.
 * <p>
 * A model name in the request parameters selects the route of that name or alias, or
 * names the embedding space of this model's route; any other model is refused with an
 * {@link InvalidRequestException} rather than ignored, since vectors of another space
 * than the one named would not match the caller's. Requested dimensions are asked of
 * every target, and a target that answers with another length is not used. A call that no
 * target answered ends with a LangChain4j exception of the kind of its last failure (for
 * example {@link dev.langchain4j.exception.RateLimitException}) whose cause is the
 * chain's {@link AllProvidersFailedException}. Listeners hear each call once; the
 * answer's {@link FallbackEmbeddingResponseMetadata} names the provider, the embedding
 * space and the attempts.
 *
 * @author Fallback LLM contributors
 */
public class FallbackEmbeddingModel implements EmbeddingModel {

	private static final Set<EmbeddingParameter<?>> SUPPORTED = Set.of(EmbeddingRequestParameters.MODEL_NAME,
			EmbeddingRequestParameters.DIMENSIONS);

	private final FallbackEmbeddingService service;

	private final EmbeddingRequestParameters defaultRequestParameters;

	private final List<EmbeddingModelListener> listeners;

	/** The vectors' length once known; 0 until the first answer when not configured. */
	private final AtomicInteger dimension = new AtomicInteger();

	FallbackEmbeddingModel(FallbackEmbeddingService service, EmbeddingRequestParameters defaultRequestParameters,
			List<EmbeddingModelListener> listeners) {
		this.service = service;
		this.defaultRequestParameters = defaultRequestParameters;
		this.listeners = List.copyOf(listeners);
		// A default model that selects nothing fails now, not on every call.
		serviceFor(defaultRequestParameters.modelName());
	}

	@Override
	public EmbeddingResponse doEmbed(EmbeddingRequest request) {
		List<String> texts = new ArrayList<>(request.inputs().size());
		for (EmbeddingInput input : request.inputs()) {
			texts.add(input.text());
		}
		try {
			io.github.fallbackllm.embedding.EmbeddingResponse answer = serviceFor(request.modelName())
				.embedBlocking(io.github.fallbackllm.embedding.EmbeddingRequest.builder()
					.inputs(texts)
					.dimensions(request.dimensions())
					.build());
			return toResponse(answer);
		}
		catch (RuntimeException ex) {
			throw Failures.toLangChain4j(ex);
		}
	}

	/**
	 * Return the model name and dimensions set on the builder, which a request's own
	 * override.
	 * @return the default parameters
	 */
	@Override
	public EmbeddingRequestParameters defaultRequestParameters() {
		return this.defaultRequestParameters;
	}

	/**
	 * Return the model name (a route) and the dimensions: the parameters every target of
	 * the chain takes.
	 * @return the supported parameters
	 */
	@Override
	public Set<EmbeddingParameter<?>> supportedParameters() {
		return SUPPORTED;
	}

	@Override
	public List<EmbeddingModelListener> listeners() {
		return this.listeners;
	}

	/**
	 * Return the length of the vectors: the configured dimensions, else that of the first
	 * answer, asking for one when none came yet. Every answer of a route comes from one
	 * embedding space, so the length does not change from call to call.
	 * @return the dimension
	 */
	@Override
	public int dimension() {
		Integer configured = this.defaultRequestParameters.dimensions();
		if (configured != null) {
			return configured;
		}
		int known = this.dimension.get();
		return (known > 0) ? known : embed("test").content().dimension();
	}

	/**
	 * Return the route calls go to: the configured model, else the chain's current route.
	 * @return the route's name or alias
	 */
	@Override
	public String modelName() {
		String model = this.defaultRequestParameters.modelName();
		return (model != null) ? model : this.service.currentRoute().name();
	}

	private FallbackEmbeddingService serviceFor(@Nullable String model) {
		if (model == null) {
			return this.service;
		}
		return this.service.routeFor(model).orElseGet(() -> {
			List<String> spaces = this.service.spaces();
			if (spaces.equals(List.of(model))) {
				return this.service;
			}
			throw new InvalidRequestException("No route answers to model '" + model
					+ "', nor is it the embedding space of route '" + this.service.currentRoute().name() + "' " + spaces
					+ "; name a route or an alias, so that vectors of another space never reach you");
		});
	}

	private EmbeddingResponse toResponse(io.github.fallbackllm.embedding.EmbeddingResponse answer) {
		List<Embedding> embeddings = new ArrayList<>(answer.vectors().size());
		for (float[] vector : answer.vectors()) {
			embeddings.add(Embedding.from(vector));
		}
		this.dimension.set(answer.dimensions());
		io.github.fallbackllm.chat.TokenUsage usage = answer.usage();
		return EmbeddingResponse.builder()
			.embeddings(embeddings)
			.metadata(FallbackEmbeddingResponseMetadata.builder()
				.provider(answer.provider())
				.space(answer.space())
				.attempts(answer.attempts())
				.modelName(answer.model())
				.tokenUsage((usage != null) ? new TokenUsage(usage.promptTokens(), 0, usage.totalTokens()) : null)
				.build())
			.build();
	}

}
