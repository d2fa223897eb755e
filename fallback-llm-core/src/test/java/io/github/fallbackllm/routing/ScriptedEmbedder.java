package io.github.fallbackllm.routing;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.chat.FinishReason;
import io.github.fallbackllm.chat.TokenUsage;
import io.github.fallbackllm.embedding.EmbeddingRequest;
import io.github.fallbackllm.embedding.EmbeddingResult;
import io.github.fallbackllm.provider.LlmProvider;
import io.github.fallbackllm.provider.ProviderException;
import reactor.core.publisher.Mono;

/**
 * An embedding provider in memory that plays a script, one step per embedding call, then
 * repeats its last step; each answer's vectors encode the input they were made of, so
 * that order is checked. No HTTP: the routing rules are tested on their own.
 *
 * @author Fallback LLM contributors
 */
final class ScriptedEmbedder implements LlmProvider {

	private final String name;

	private final List<String> models;

	private final Deque<Function<EmbeddingRequest, Mono<EmbeddingResult>>> steps = new ArrayDeque<>();

	private final List<EmbeddingRequest> received = new ArrayList<>();

	private Function<EmbeddingRequest, Mono<EmbeddingResult>> last = (request) -> vectors(request, 4);

	private boolean embeds = true;

	private int maxInputs = Integer.MAX_VALUE;

	private int chats;

	ScriptedEmbedder(String name, String... models) {
		this.name = name;
		this.models = List.of(models);
	}

	/** Serve no embeddings, as Anthropic. */
	ScriptedEmbedder chatOnly() {
		this.embeds = false;
		return this;
	}

	/** Take at most this many inputs per request. */
	ScriptedEmbedder maxInputs(int maxInputs) {
		this.maxInputs = maxInputs;
		return this;
	}

	/** Answer with vectors of this length. */
	ScriptedEmbedder answers(int dimensions) {
		return then((request) -> vectors(request, dimensions));
	}

	/** Fail with a classified error. */
	ScriptedEmbedder fails(AttemptOutcome outcome) {
		return then((request) -> Mono.error(ProviderException.of(outcome, outcome.description())));
	}

	/** Fail with a classified error that asks for a wait. */
	ScriptedEmbedder fails(AttemptOutcome outcome, Duration retryAfter) {
		return then((request) -> Mono
			.error(new ProviderException(outcome, 429, null, outcome.description(), retryAfter, null)));
	}

	private ScriptedEmbedder then(Function<EmbeddingRequest, Mono<EmbeddingResult>> step) {
		this.steps.add(step);
		this.last = step;
		return this;
	}

	/** The embedding requests received, in order. */
	List<EmbeddingRequest> received() {
		return this.received;
	}

	int chats() {
		return this.chats;
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public List<String> models() {
		return this.models;
	}

	@Override
	public boolean supportsEmbeddings() {
		return this.embeds;
	}

	@Override
	public int maxEmbeddingInputs() {
		return this.maxInputs;
	}

	@Override
	public Mono<EmbeddingResult> embed(String model, EmbeddingRequest request) {
		return Mono.defer(() -> {
			this.received.add(request);
			Function<EmbeddingRequest, Mono<EmbeddingResult>> step = this.steps.isEmpty() ? this.last
					: this.steps.poll();
			return step.apply(request);
		});
	}

	@Override
	public Mono<ChatResponse> chat(String model, ChatRequest request) {
		this.chats++;
		return Mono
			.just(new ChatResponse("chat from " + this.name, this.name, model, FinishReason.STOP, null, List.of()));
	}

	/** Vectors whose first component is the number at the end of their input. */
	private Mono<EmbeddingResult> vectors(EmbeddingRequest request, int dimensions) {
		List<float[]> vectors = new ArrayList<>();
		for (String input : request.inputs()) {
			float[] vector = new float[dimensions];
			vector[0] = Float.parseFloat(input.substring(input.lastIndexOf(' ') + 1));
			vectors.add(vector);
		}
		return Mono
			.just(new EmbeddingResult(vectors, this.models.get(0) + "-v1", new TokenUsage(request.inputs().size(), 0)));
	}

}
