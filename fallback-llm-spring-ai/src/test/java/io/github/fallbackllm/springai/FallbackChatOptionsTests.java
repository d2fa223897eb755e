package io.github.fallbackllm.springai;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.model.tool.StructuredOutputChatOptions;
import org.springframework.ai.model.tool.ToolCallingChatOptions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link FallbackChatOptions}.
 */
class FallbackChatOptionsTests {

	private final FallbackChatOptions options = FallbackChatOptions.builder()
		.model("gpt-4o")
		.temperature(0.3)
		.maxTokens(50)
		.topP(0.9)
		.stopSequences(List.of("END"))
		.toolContext("tenant", "acme")
		.outputSchema("{\"type\":\"object\"}")
		.build();

	@Test
	void mutateCopiesEveryOption() {
		FallbackChatOptions copy = this.options.mutate().build();

		assertThat(copy).isEqualTo(this.options).isNotSameAs(this.options);
		assertThat(copy.getOutputSchema()).isEqualTo("{\"type\":\"object\"}");
		assertThat(copy.getToolContext()).containsEntry("tenant", "acme");
	}

	@Test
	void builderIsOneThatChatClientAddsToolsAndSchemasTo() {
		ChatOptions.Builder<?> builder = this.options.mutate();

		assertThat(builder).isInstanceOf(ToolCallingChatOptions.Builder.class)
			.isInstanceOf(StructuredOutputChatOptions.Builder.class);
		assertThat(((StructuredOutputChatOptions.Builder<?>) builder).outputSchema("{}").build())
			.isInstanceOf(FallbackChatOptions.class);
	}

	@Test
	void combineWithTakesTheOtherSchemaAndKeepsWhatTheOtherLeavesUnset() {
		FallbackChatOptions combined = this.options.mutate()
			.combineWith(FallbackChatOptions.builder().outputSchema("{\"type\":\"array\"}").maxTokens(7))
			.build();

		assertThat(combined.getOutputSchema()).isEqualTo("{\"type\":\"array\"}");
		assertThat(combined.getMaxTokens()).isEqualTo(7);
		assertThat(combined.getTemperature()).isEqualTo(0.3);
	}

	@Test
	void optionsThatDifferOnlyInTheirSchemaAreNotEqual() {
		assertThat(this.options.mutate().outputSchema(null).build()).isNotEqualTo(this.options);
	}

}
