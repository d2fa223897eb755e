package io.github.fallbackllm.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.fallbackllm.embedding.MixedEmbeddingSpacesException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MixedEmbeddingSpacesFailureAnalyzer}: the report of a route that would
 * mix embedding spaces.
 */
class MixedEmbeddingSpacesFailureAnalyzerTests {

	@Test
	void reportNamesEachSpaceWithItsTargetsAndTheWaysOut() {
		Map<String, List<String>> spaces = new LinkedHashMap<>();
		spaces.put("text-embedding-3-small", List.of("openai/text-embedding-3-small", "azure/text-embedding-3-small"));
		spaces.put("mistral-embed", List.of("mistral/mistral-embed"));
		MixedEmbeddingSpacesException failure = new MixedEmbeddingSpacesException("rag", spaces);

		FailureAnalysis analysis = new MixedEmbeddingSpacesFailureAnalyzer()
			.analyze(new IllegalStateException("Failed to create bean", failure));

		assertThat(analysis.getDescription()).isEqualTo("""
				The embedding targets of route 'rag' span 2 embedding spaces, whose vectors cannot be compared \
				with each other:

				  text-embedding-3-small: openai/text-embedding-3-small, azure/text-embedding-3-small
				  mistral-embed: mistral/mistral-embed""");
		assertThat(analysis.getAction()).contains("a route of their own",
				"llm.fallback.routes.rag.groups[i].targets[j].embedding-space",
				"llm.fallback.routes.rag.allow-mixed-spaces=true");
		assertThat(analysis.getCause()).isSameAs(failure);
	}

}
