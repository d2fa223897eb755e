package io.github.fallbackllm.gateway.server.testsupport;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseOutputItem;

/**
 * The official SDKs pointed at a gateway on loopback, as the README tells users to: the
 * SDK's own retries off, since the gateway has retried and fallen back already (so each
 * SDK call reaches the gateway once), and an API key the gateway without keys ignores.
 */
public final class GatewayClients {

	private static final String UNUSED_KEY = "unused-by-the-gateway";

	private GatewayClients() {
	}

	/**
	 * Return an OpenAI client of the gateway's {@code /v1}.
	 * @param port the gateway's port
	 * @return the client, to be closed
	 */
	public static OpenAIClient openAi(int port) {
		return OpenAIOkHttpClient.builder()
			.baseUrl("http://localhost:" + port + "/v1")
			.apiKey(UNUSED_KEY)
			.maxRetries(0)
			.build();
	}

	/**
	 * Return an Anthropic client of the gateway's root, to which the SDK adds
	 * {@code /v1/messages}.
	 * @param port the gateway's port
	 * @return the client, to be closed
	 */
	public static AnthropicClient anthropic(int port) {
		return AnthropicOkHttpClient.builder()
			.baseUrl("http://localhost:" + port)
			.apiKey(UNUSED_KEY)
			.maxRetries(0)
			.build();
	}

	/**
	 * Return the text of a Responses answer: every output text of its message items.
	 * @param response the answer
	 * @return the text
	 */
	public static String text(Response response) {
		StringBuilder text = new StringBuilder();
		for (ResponseOutputItem item : response.output()) {
			item.message()
				.ifPresent((message) -> message.content()
					.forEach((content) -> content.outputText().ifPresent((part) -> text.append(part.text()))));
		}
		return text.toString();
	}

}
