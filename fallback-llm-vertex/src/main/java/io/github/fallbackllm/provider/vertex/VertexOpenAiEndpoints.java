package io.github.fallbackllm.provider.vertex;

import java.net.URI;

import io.github.fallbackllm.provider.ProviderSettings;
import io.github.fallbackllm.provider.compatible.CompatibleEndpoints;
import io.github.fallbackllm.provider.compatible.CompatibleType;
import io.github.fallbackllm.provider.compatible.GoogleRpcErrors;

import org.springframework.web.util.UriBuilder;

/**
 * Vertex AI's OpenAI-compatible endpoint, which serves Gemini and the open models of
 * Model Garden: chat completions under the project and location, and models named with
 * their publisher ({@code google/gemini-2.5-flash}); a configured model without one is
 * Google's.
 *
 * @author Fallback LLM contributors
 */
final class VertexOpenAiEndpoints implements CompatibleEndpoints {

	private final VertexLocation location;

	private VertexOpenAiEndpoints(VertexLocation location) {
		this.location = location;
	}

	/**
	 * Return the compatible type of a location: these endpoints and Google's error
	 * vocabulary; no key, as access tokens authorize the requests.
	 * @param location the project and location
	 * @return the type
	 */
	static CompatibleType type(VertexLocation location) {
		return CompatibleType.builder(VertexLlmProviderFactory.TYPE, location.baseUrl())
			.endpoints(new VertexOpenAiEndpoints(location))
			.errors(GoogleRpcErrors.INSTANCE)
			.build();
	}

	@Override
	public URI chatUri(UriBuilder uri, ProviderSettings settings, String model, boolean stream) {
		return uri.path(this.location.openAiChatPath()).build();
	}

	@Override
	public String wireModel(ProviderSettings settings, String model) {
		return model.contains("/") ? model : "google/" + model;
	}

}
