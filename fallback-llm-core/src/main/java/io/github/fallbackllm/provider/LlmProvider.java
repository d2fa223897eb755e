package io.github.fallbackllm.provider;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.Capability;
import io.github.fallbackllm.chat.ChatChunk;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.embedding.EmbeddingRequest;
import io.github.fallbackllm.embedding.EmbeddingResult;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One LLM endpoint with the models it is asked for. The fallback chain is an ordered list
 * of providers; every provider model pair in it is a target.
 * <p>
 * Implementations signal failures as {@link ProviderException}, classified by
 * {@link io.github.fallbackllm.chat.AttemptOutcome}; the chain decides from that whether
 * to retry, move on or cool the target down. Any other exception is treated as a
 * {@link io.github.fallbackllm.chat.AttemptOutcome#SERVER_ERROR server error}.
 * Implementations do not retry: the chain owns retries, so they never multiply.
 * <p>
 * Declare an implementation as a bean to add an endpoint this library does not support:
 * it joins the chain at the position of the {@code llm.fallback.providers} entry with its
 * {@link #name() name}, or after the configured providers, in {@code @Order}, when no
 * entry names it.
 *
 * @author Fallback LLM contributors
 */
public interface LlmProvider {

	/**
	 * Return the unique name of this provider, used in logs, errors and health.
	 * @return the name
	 */
	String name();

	/**
	 * Return the kind of endpoint, reported in observations as
	 * {@code gen_ai.provider.name}.
	 * @return the type, such as {@code openai} or {@code anthropic}; {@code custom} by
	 * default
	 */
	default String type() {
		return "custom";
	}

	/**
	 * Return the host this provider calls, reported in observations as
	 * {@code server.address}.
	 * @return the host, or {@code null} when unknown (the default)
	 */
	default @Nullable String serverAddress() {
		return null;
	}

	/**
	 * Return the models to try, in order.
	 * @return the models
	 */
	List<String> models();

	/**
	 * Ask one model for a complete answer.
	 * @param model the model, one of {@link #models()}
	 * @param request the request
	 * @return the answer, with {@link ChatResponse#attempts()} left empty
	 */
	Mono<ChatResponse> chat(String model, ChatRequest request);

	/**
	 * Ask one model for a streamed answer: non-empty text chunks and chunks of tool-call
	 * pieces, then one {@link ChatChunk#isLast() last} chunk. A stream that ends without
	 * text or tool calls must fail rather than complete. The default streams the complete
	 * answer as one chunk of text and one of tool calls.
	 * @param model the model, one of {@link #models()}
	 * @param request the request
	 * @return the chunks
	 */
	default Flux<ChatChunk> stream(String model, ChatRequest request) {
		return chat(model, request).flatMapIterable(ChatChunk::chunksOf);
	}

	/**
	 * Return whether this provider serves embeddings: a chain skips a provider that does
	 * not, without a call. {@code false} by default.
	 * @return whether {@link #embed(String, EmbeddingRequest)} is served
	 */
	default boolean supportsEmbeddings() {
		return false;
	}

	/**
	 * Return whether one of this provider's models is an embedding model: chat calls skip
	 * it and embedding calls use it, in the embedding space of its name unless a route
	 * names another. By default, a model whose name contains {@code embed} (such as
	 * {@code text-embedding-3-small}, {@code mistral-embed}, {@code nomic-embed-text})
	 * when the provider serves embeddings; a route target that names an embedding space
	 * is an embedding model whatever its name.
	 * @param model the model, one of {@link #models()}
	 * @return whether it embeds
	 */
	default boolean isEmbeddingModel(String model) {
		return supportsEmbeddings() && model.toLowerCase(Locale.ROOT).contains("embed");
	}

	/**
	 * Return how many inputs one embedding request may carry: a call with more is split
	 * into batches of at most this many.
	 * @return the maximum; unlimited by default
	 */
	default int maxEmbeddingInputs() {
		return Integer.MAX_VALUE;
	}

	/**
	 * Ask one embedding model for a vector per input.
	 * @param model the model, one of {@link #models()}
	 * @param request the request
	 * @return the vectors in input order; by default an
	 * {@link io.github.fallbackllm.chat.AttemptOutcome#UNSUPPORTED} failure
	 */
	default Mono<EmbeddingResult> embed(String model, EmbeddingRequest request) {
		return Mono.error(ProviderException.of(AttemptOutcome.UNSUPPORTED, name() + " serves no embeddings"));
	}

	/**
	 * Return what this provider's models support beyond text. A request that needs
	 * anything else skips them without a network call.
	 * @return the capabilities; all of them by default
	 */
	default Set<Capability> capabilities() {
		return Capability.ALL;
	}

	/**
	 * List the models the endpoint offers, without generating anything, as a cheap health
	 * probe. Completes empty when the provider cannot list models.
	 * @return the model identifiers
	 */
	default Mono<List<String>> listModels() {
		return Mono.empty();
	}

}
