package io.github.fallbackllm.gateway.keys;

import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ContentPart;
import io.github.fallbackllm.chat.ToolDefinition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link InputTokens}.
 */
class InputTokensTests {

	@Test
	void textIsFourCharactersPerTokenRoundedUpWithFourPerMessage() {
		ChatRequest request = ChatRequest.builder().system("Be brief.").user("x".repeat(400)).build();
		// 9 + 400 characters: 103 tokens, and 2 messages.
		assertThat(InputTokens.estimate(request)).isEqualTo(103 + 8);
	}

	@Test
	void imagesCountAFlatCostAndToolsTheirDefinitions() {
		ChatRequest request = ChatRequest.builder()
			.user("What is this?", ContentPart.imageUrl("https://example.com/cat.png"))
			.tools(new ToolDefinition("get_weather", "Weather", "{\"type\":\"object\"}"))
			.build();
		// "What is this?" 13, the tool 11 + 7 + 17: 48 characters, 12 tokens.
		assertThat(InputTokens.estimate(request)).isEqualTo(12 + InputTokens.PER_MESSAGE + InputTokens.PER_IMAGE);
	}

}
