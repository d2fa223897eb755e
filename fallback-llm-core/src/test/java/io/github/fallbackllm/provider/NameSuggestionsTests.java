package io.github.fallbackllm.provider;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NameSuggestionsTests {

	@Test
	void suggestsTheClosestName() {
		assertThat(NameSuggestions.closest("gpt4o", List.of("gpt-4o", "gpt-4o-mini", "o3"))).isEqualTo("gpt-4o");
		assertThat(NameSuggestions.closest("openia", List.of("openai", "anthropic"))).isEqualTo("openai");
		assertThat(NameSuggestions.closest("Claude-Sonnet-4-5", List.of("claude-sonnet-4-5")))
			.isEqualTo("claude-sonnet-4-5");
	}

	@Test
	void suggestsNothingWhenNothingIsClose() {
		assertThat(NameSuggestions.closest("llama3", List.of("gpt-4o", "claude-sonnet-4-5"))).isNull();
		assertThat(NameSuggestions.closest("gpt-4o", List.of())).isNull();
	}

}
