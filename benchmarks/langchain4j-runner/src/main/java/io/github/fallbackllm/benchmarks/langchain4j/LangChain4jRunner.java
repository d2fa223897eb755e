package io.github.fallbackllm.benchmarks.langchain4j;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.github.fallbackllm.benchmarks.support.CannedChat;
import io.github.fallbackllm.benchmarks.support.SideBySide;

/**
 * Runs the side-by-side scenarios on LangChain4j's {@link OpenAiChatModel}, with only the
 * base URL, key and model set; timeouts and retries are LangChain4j's defaults.
 *
 * @author Fallback LLM contributors
 */
public final class LangChain4jRunner {

	private LangChain4jRunner() {
	}

	public static void main(String[] args) {
		SideBySide.main(args, "LangChain4j 1.19.0 OpenAiChatModel", (baseUrl, secondaryBaseUrl) -> {
			OpenAiChatModel model = OpenAiChatModel.builder()
				.baseUrl(baseUrl)
				.apiKey(CannedChat.API_KEY)
				.modelName(CannedChat.MODEL)
				.build();
			ChatRequest request = ChatRequest.builder()
				.messages(SystemMessage.from(CannedChat.SYSTEM), UserMessage.from(CannedChat.USER))
				.build();
			return () -> model.chat(request).aiMessage().text();
		});
	}

}
