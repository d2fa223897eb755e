package io.github.fallbackllm.autoconfigure;

import java.util.List;
import java.util.Map;

import io.github.fallbackllm.embedding.MixedEmbeddingSpacesException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a {@link MixedEmbeddingSpacesException} as Boot's "APPLICATION FAILED TO START"
 * page: each embedding space of the route with its targets, and the three ways out.
 *
 * @author Fallback LLM contributors
 */
class MixedEmbeddingSpacesFailureAnalyzer extends AbstractFailureAnalyzer<MixedEmbeddingSpacesException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, MixedEmbeddingSpacesException cause) {
		String route = cause.getRoute();
		StringBuilder description = new StringBuilder("The embedding targets of route '").append(route)
			.append("' span ")
			.append(cause.getTargetsBySpace().size())
			.append(" embedding spaces, whose vectors cannot be compared with each other:\n");
		for (Map.Entry<String, List<String>> space : cause.getTargetsBySpace().entrySet()) {
			description.append("\n  ").append(space.getKey()).append(": ").append(String.join(", ", space.getValue()));
		}
		String prefix = "llm.fallback.routes." + route;
		return new FailureAnalysis(description.toString(), "Move the targets of other spaces to a route of their own, "
				+ "or, if the models truly produce the same vectors (one model on two providers), give them one "
				+ prefix + ".groups[i].targets[j].embedding-space; to let calls of this route use either space, set "
				+ MixedEmbeddingSpacesException.property(route)
				+ "=true (each answer then names its space; vectors of different spaces must not be stored together).",
				cause);
	}

}
