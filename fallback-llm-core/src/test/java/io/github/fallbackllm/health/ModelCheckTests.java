package io.github.fallbackllm.health;

import java.util.List;

import io.github.fallbackllm.health.ModelCheck.MissingModel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ModelCheckTests {

	@Test
	void misspelledModelIsMissingWithTheClosestOfferedName() {
		List<MissingModel> missing = ModelCheck.missing(List.of("gpt-4o-mini", "gpt4o"),
				List.of("gpt-4o", "gpt-4o-mini", "o3-mini"));

		assertThat(missing).containsExactly(new MissingModel(1, "gpt4o", "gpt-4o"));
		assertThat(missing.get(0).describe()).isEqualTo("gpt4o is not offered; did you mean gpt-4o?");
	}

	@Test
	void modelWithNothingCloseIsMissingWithoutSuggestion() {
		List<MissingModel> missing = ModelCheck.missing(List.of("llama-3-70b"), List.of("gpt-4o", "gpt-4o-mini"));

		assertThat(missing).containsExactly(new MissingModel(0, "llama-3-70b", null));
		assertThat(missing.get(0).describe()).isEqualTo("llama-3-70b is not offered");
	}

	@Test
	void aliasesOfDatedSnapshotsCountAsOffered() {
		List<String> offered = List.of("claude-sonnet-4-5-20250929", "claude-3-7-sonnet-20250219", "gpt-4o-2024-08-06");

		assertThat(ModelCheck.missing(
				List.of("claude-sonnet-4-5", "claude-3-7-sonnet-latest", "claude-sonnet-4-5-20250929", "gpt-4o"),
				offered))
			.isEmpty();
	}

	@Test
	void misspelledAliasIsSuggestedAsTheAlias() {
		List<MissingModel> missing = ModelCheck.missing(List.of("claude-sonet-4-5"),
				List.of("claude-sonnet-4-5-20250929", "claude-haiku-4-5-20251001"));

		assertThat(missing).containsExactly(new MissingModel(0, "claude-sonet-4-5", "claude-sonnet-4-5"));
	}

	@Test
	void ollamaModelWithoutTagMeansLatest() {
		assertThat(ModelCheck.missing(List.of("llama3", "qwen2.5:7b"), List.of("llama3:latest", "qwen2.5:7b")))
			.isEmpty();
		assertThat(ModelCheck.missing(List.of("mistral"), List.of("mistral:7b"))).extracting(MissingModel::model)
			.containsExactly("mistral");
	}

}
