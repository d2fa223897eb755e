package io.github.fallbackllm.routing;

import java.util.List;
import java.util.Set;

import io.github.fallbackllm.budget.TokenEstimate;
import io.github.fallbackllm.chat.Attempt;
import io.github.fallbackllm.chat.Capability;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.embedding.EmbeddingRequest;
import org.jspecify.annotations.Nullable;

/**
 * What one call asks of its route's targets: a chat answer, which needs a chat model with
 * some capabilities, or embeddings, which need an embedding model. A target that cannot
 * serve it is skipped without a call.
 *
 * @param chat the chat request, or {@code null} for embeddings
 * @param required what a chat target must support
 * @param embedding the embedding request, or {@code null} for chat
 * @author Fallback LLM contributors
 */
record Ask(@Nullable ChatRequest chat, Set<Capability> required, @Nullable EmbeddingRequest embedding) {

	static Ask chat(ChatRequest request) {
		return new Ask(request, request.requiredCapabilities(), null);
	}

	static Ask embeddings(EmbeddingRequest request) {
		return new Ask(null, Set.of(), request);
	}

	/** The operation, as {@code gen_ai.operation.name} names it. */
	String operation() {
		return isEmbedding() ? "embeddings" : "chat";
	}

	boolean isEmbedding() {
		return this.embedding != null;
	}

	/** The route the request names, or {@code null} for the router's own. */
	@Nullable String route() {
		return (this.chat != null) ? this.chat.route() : (this.embedding != null) ? this.embedding.route() : null;
	}

	boolean servedBy(Target target) {
		return isEmbedding() ? target.embeds() : !target.embeds() && target.supports(this.required);
	}

	/** Why a target that cannot serve the call was skipped. */
	Attempt refusedBy(Target target) {
		if (isEmbedding()) {
			return target.unsupported("is not an embedding model");
		}
		return target.embeds() ? target.unsupported("is an embedding model") : target.unsupported(this.required);
	}

	long estimatedTokens() {
		return (this.chat != null) ? TokenEstimate.of(this.chat)
				: TokenEstimate.ofInputs((this.embedding != null) ? this.embedding.inputs() : List.of());
	}

}
