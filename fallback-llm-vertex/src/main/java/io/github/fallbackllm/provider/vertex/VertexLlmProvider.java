package io.github.fallbackllm.provider.vertex;

import java.util.List;
import java.util.Set;

import io.github.fallbackllm.chat.Capability;
import io.github.fallbackllm.chat.ChatChunk;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.provider.LlmProvider;
import io.github.fallbackllm.provider.ProviderSettings;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Google Vertex AI: Claude models ({@code claude-*}) through their Anthropic endpoints,
 * every other model through the OpenAI-compatible endpoint, both authorized with the
 * access tokens of one set of Google credentials.
 *
 * @author Fallback LLM contributors
 */
public final class VertexLlmProvider implements LlmProvider {

	private final ProviderSettings settings;

	private final VertexLocation location;

	private final GoogleAccessTokens tokens;

	private final LlmProvider anthropic;

	private final LlmProvider openAi;

	private final @Nullable String serverAddress;

	VertexLlmProvider(ProviderSettings settings, VertexLocation location, GoogleAccessTokens tokens,
			LlmProvider anthropic, LlmProvider openAi) {
		this.settings = settings;
		this.location = location;
		this.tokens = tokens;
		this.anthropic = anthropic;
		this.openAi = openAi;
		this.serverAddress = anthropic.serverAddress();
	}

	/**
	 * Return whether a model is served through the Anthropic endpoints.
	 * @param model the configured model
	 * @return whether it is a Claude model
	 */
	static boolean isClaude(String model) {
		return model.startsWith("claude-");
	}

	@Override
	public String name() {
		return this.settings.name();
	}

	@Override
	public String type() {
		return VertexLlmProviderFactory.TYPE;
	}

	@Override
	public @Nullable String serverAddress() {
		return this.serverAddress;
	}

	@Override
	public List<String> models() {
		return this.settings.models();
	}

	/**
	 * Return the configured capabilities; without configuration, all of them, as both
	 * Gemini and Claude support tools, images and JSON-schema output.
	 * @return the capabilities
	 */
	@Override
	public Set<Capability> capabilities() {
		Set<Capability> configured = this.settings.capabilities();
		return (configured != null) ? configured : Capability.ALL;
	}

	@Override
	public Mono<ChatResponse> chat(String model, ChatRequest request) {
		return endpoint(model).chat(model, request);
	}

	@Override
	public Flux<ChatChunk> stream(String model, ChatRequest request) {
		return endpoint(model).stream(model, request);
	}

	/**
	 * Check the credentials by getting an access token, which costs no tokens and no
	 * quota; Vertex AI has no model list that covers both endpoints, so the result lists
	 * none and the models go unchecked.
	 * @return empty once a token is had; a credentials failure otherwise
	 */
	@Override
	public Mono<List<String>> listModels() {
		return this.tokens.token().then(Mono.empty());
	}

	private LlmProvider endpoint(String model) {
		return isClaude(model) ? this.anthropic : this.openAi;
	}

	@Override
	public String toString() {
		return "VertexLlmProvider[name=" + name() + ", project=" + this.location.project() + ", location="
				+ this.location.location() + ", credentials=" + this.tokens + "]";
	}

}
