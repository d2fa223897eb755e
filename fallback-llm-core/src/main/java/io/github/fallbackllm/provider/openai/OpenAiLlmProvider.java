package io.github.fallbackllm.provider.openai;

import java.net.URI;

import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.provider.ProviderSettings;
import io.github.fallbackllm.provider.WebClientLlmProvider;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriBuilder;

/**
 * Provider for the OpenAI Chat Completions API ({@code POST /chat/completions}) and the
 * endpoints that copy it.
 *
 * @author Fallback LLM contributors
 */
public class OpenAiLlmProvider extends WebClientLlmProvider {

	public OpenAiLlmProvider(ProviderSettings settings, WebClient.Builder webClientBuilder) {
		super(settings, webClientBuilder);
	}

	@Override
	public String type() {
		return "openai";
	}

	@Override
	protected void authenticate(HttpHeaders headers, @Nullable String apiKey) {
		if (apiKey != null && !apiKey.isEmpty()) {
			headers.setBearerAuth(apiKey);
		}
	}

	@Override
	protected URI chatUri(UriBuilder uri, String model, boolean stream) {
		return uri.path("/chat/completions").build();
	}

	@Override
	protected ObjectNode chatBody(String model, ChatRequest request, boolean stream) {
		return OpenAiRequestMapper.body(model, request, stream);
	}

	@Override
	protected ChatResponse readResponse(String model, ChatRequest request, JsonNode body) {
		return OpenAiResponseMapper.response(name(), model, body, redactor());
	}

	@Override
	protected StreamDecoder streamDecoder(String model, ChatRequest request) {
		return new OpenAiStreamDecoder(name(), model);
	}

}
