package io.github.fallbackllm.provider.anthropic;

import java.net.URI;

import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.provider.ProviderSettings;
import io.github.fallbackllm.provider.WebClientLlmProvider;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriBuilder;

/**
 * Provider for the Anthropic Messages API ({@code POST /messages}), which also counts
 * tokens ({@code POST /messages/count_tokens}).
 *
 * @author Fallback LLM contributors
 */
public class AnthropicLlmProvider extends WebClientLlmProvider implements MessagesTokenCounter {

	static final String API_VERSION = "2023-06-01";

	public AnthropicLlmProvider(ProviderSettings settings, WebClient.Builder webClientBuilder) {
		super(settings, webClientBuilder);
	}

	@Override
	public String type() {
		return "anthropic";
	}

	@Override
	protected void authenticate(HttpHeaders headers, @Nullable String apiKey) {
		if (apiKey != null && !apiKey.isEmpty()) {
			headers.set("x-api-key", apiKey);
		}
		headers.set("anthropic-version", API_VERSION);
	}

	@Override
	protected URI chatUri(UriBuilder uri, String model, boolean stream) {
		return uri.path("/messages").build();
	}

	@Override
	protected ObjectNode chatBody(String model, ChatRequest request, boolean stream) {
		return AnthropicRequestMapper.body(model, request, stream);
	}

	@Override
	protected ChatResponse readResponse(String model, ChatRequest request, JsonNode body) {
		return AnthropicResponseMapper.response(name(), model, request, body);
	}

	@Override
	protected StreamDecoder streamDecoder(String model, ChatRequest request) {
		return new AnthropicStreamDecoder(name(), model, AnthropicRequestMapper.answersWithTool(request));
	}

	@Override
	public Mono<JsonNode> countTokens(String model, ObjectNode request) {
		ObjectNode body = request.deepCopy().put("model", model);
		return postJson((uri) -> uri.path("/messages/count_tokens").build(), body);
	}

	@Override
	protected URI modelsUri(UriBuilder uri) {
		return uri.path("/models").queryParam("limit", 1000).build();
	}

}
