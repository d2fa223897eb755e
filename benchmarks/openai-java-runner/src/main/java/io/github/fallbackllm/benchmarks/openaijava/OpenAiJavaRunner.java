package io.github.fallbackllm.benchmarks.openaijava;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.github.fallbackllm.benchmarks.support.CannedChat;
import io.github.fallbackllm.benchmarks.support.SideBySide;

/**
 * Runs the side-by-side scenarios on the official {@code com.openai:openai-java} client,
 * with only the base URL and key set; timeouts and retries are the client's defaults.
 *
 * @author Fallback LLM contributors
 */
public final class OpenAiJavaRunner {

	private OpenAiJavaRunner() {
	}

	public static void main(String[] args) {
		SideBySide.main(args, "openai-java " + version() + " (OkHttp)", (baseUrl, secondaryBaseUrl) -> {
			OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(baseUrl).apiKey(CannedChat.API_KEY).build();
			ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
				.model(CannedChat.MODEL)
				.addSystemMessage(CannedChat.SYSTEM)
				.addUserMessage(CannedChat.USER)
				.build();
			return () -> client.chat().completions().create(params).choices().get(0).message().content().orElse("");
		});
	}

	private static String version() {
		String version = OpenAIClient.class.getPackage().getImplementationVersion();
		return (version != null) ? version : "";
	}

}
