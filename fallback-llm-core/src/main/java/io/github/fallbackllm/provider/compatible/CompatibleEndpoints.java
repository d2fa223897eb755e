package io.github.fallbackllm.provider.compatible;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import io.github.fallbackllm.provider.ProviderSettings;
import tools.jackson.databind.JsonNode;

import org.springframework.web.util.UriBuilder;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Where an OpenAI-compatible service takes chat calls and lists its models. The defaults
 * are OpenAI's: {@code /chat/completions} and {@code /models} under the base URL, and a
 * model list of {@code {"data":[{"id"}]}} or, as Together sends it, a bare array.
 *
 * @author Fallback LLM contributors
 */
public interface CompatibleEndpoints {

	/** OpenAI's endpoints. */
	CompatibleEndpoints OPENAI = new CompatibleEndpoints() {
	};

	/**
	 * Return the URI of a chat call.
	 * @param uri a builder that starts from the base URL
	 * @param settings the provider's settings
	 * @param model the configured model
	 * @param stream whether the call asks for a stream
	 * @return the URI
	 */
	default URI chatUri(UriBuilder uri, ProviderSettings settings, String model, boolean stream) {
		return uri.path("/chat/completions").build();
	}

	/**
	 * Return the URI of an embeddings call.
	 * @param uri a builder that starts from the base URL
	 * @param settings the provider's settings
	 * @param model the configured model
	 * @return the URI
	 */
	default URI embeddingsUri(UriBuilder uri, ProviderSettings settings, String model) {
		return uri.path("/embeddings").build();
	}

	/**
	 * Return the model named in the request body.
	 * @param settings the provider's settings
	 * @param model the configured model
	 * @return the model the service knows; the configured one by default
	 */
	default String wireModel(ProviderSettings settings, String model) {
		return model;
	}

	/**
	 * Return the URI that lists the models, for health and startup checks.
	 * @param uri a builder that starts from the base URL
	 * @param settings the provider's settings
	 * @return the URI
	 */
	default URI modelsUri(UriBuilder uri, ProviderSettings settings) {
		return uri.path("/models").build();
	}

	/**
	 * Read the model list.
	 * @param body the response body
	 * @param settings the provider's settings
	 * @return the identifiers, comparable to the configured models
	 */
	default List<String> readModels(JsonNode body, ProviderSettings settings) {
		List<String> models = new ArrayList<>();
		(body.isArray() ? body : body.path("data")).forEach((model) -> models.add(model.path("id").asString("")));
		return models;
	}

	/**
	 * Return the path of the base URL without a version suffix, such as {@code /v1}, for
	 * endpoints that live beside the OpenAI-compatible ones.
	 * @param settings the provider's settings
	 * @param suffix the suffix to remove
	 * @return the path
	 */
	static String basePathWithout(ProviderSettings settings, String suffix) {
		String path = UriComponentsBuilder.fromUriString(settings.baseUrl()).build().getPath();
		path = (path != null) ? path : "";
		return path.endsWith(suffix) ? path.substring(0, path.length() - suffix.length()) : path;
	}

}
