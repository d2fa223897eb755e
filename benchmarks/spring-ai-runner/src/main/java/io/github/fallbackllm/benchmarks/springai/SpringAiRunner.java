package io.github.fallbackllm.benchmarks.springai;

import java.util.List;

import io.github.fallbackllm.benchmarks.support.CannedChat;
import io.github.fallbackllm.benchmarks.support.SideBySide;

import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;

/**
 * Runs the side-by-side scenarios on Spring AI's {@link OpenAiChatModel}, built as its
 * documentation shows, with only the base URL, key and model set; timeouts and retries
 * are Spring AI's defaults.
 *
 * @author Fallback LLM contributors
 */
public final class SpringAiRunner {

	private SpringAiRunner() {
	}

	public static void main(String[] args) {
		SideBySide.main(args, "Spring AI 2.0.1 OpenAiChatModel", (baseUrl, secondaryBaseUrl) -> {
			OpenAiChatModel model = OpenAiChatModel.builder()
				.options(OpenAiChatOptions.builder()
					.baseUrl(baseUrl)
					.apiKey(CannedChat.API_KEY)
					.model(CannedChat.MODEL)
					.build())
				.build();
			Prompt prompt = new Prompt(List.of(new SystemMessage(CannedChat.SYSTEM), new UserMessage(CannedChat.USER)));
			return () -> model.call(prompt).getResult().getOutput().getText();
		});
	}

}
