package io.github.fallbackllm.provider.compatible;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.github.fallbackllm.provider.ProviderSettings;
import tools.jackson.databind.JsonNode;

import org.springframework.web.util.UriBuilder;

/**
 * Azure OpenAI's two styles of endpoint, under a base URL of
 * {@code https://{resource}.openai.azure.com/openai}:
 * <ul>
 * <li>without an {@value #API_VERSION} option, the v1 API: {@code /v1/chat/completions}
 * with the deployment as {@code model};</li>
 * <li>with one, the classic deployment URLs:
 * {@code /deployments/{deployment}/chat/completions?api-version=...}.</li>
 * </ul>
 * Each model is sent as its deployment: the {@value #DEPLOYMENT_PREFIX}{@code <model>}
 * option, or the model's own name. Health lists the resource's deployments.
 *
 * @author Fallback LLM contributors
 */
final class AzureOpenAiEndpoints implements CompatibleEndpoints {

	/** Option holding the api-version of the classic deployment URLs. */
	static final String API_VERSION = "api-version";

	/** Prefix of the options that name a model's deployment. */
	static final String DEPLOYMENT_PREFIX = "deployment.";

	/**
	 * The data-plane version that lists deployments; later versions dropped the
	 * operation.
	 */
	static final String DEPLOYMENTS_API_VERSION = "2022-12-01";

	private static final String V1 = "/v1";

	@Override
	public URI chatUri(UriBuilder uri, ProviderSettings settings, String model, boolean stream) {
		String apiVersion = settings.options().get(API_VERSION);
		if (apiVersion == null) {
			return uri.replacePath(CompatibleEndpoints.basePathWithout(settings, V1) + V1 + "/chat/completions")
				.build();
		}
		return uri.path("/deployments/{deployment}/chat/completions")
			.queryParam(API_VERSION, "{version}")
			.build(wireModel(settings, model), apiVersion);
	}

	@Override
	public URI embeddingsUri(UriBuilder uri, ProviderSettings settings, String model) {
		String apiVersion = settings.options().get(API_VERSION);
		if (apiVersion == null) {
			return uri.replacePath(CompatibleEndpoints.basePathWithout(settings, V1) + V1 + "/embeddings").build();
		}
		return uri.path("/deployments/{deployment}/embeddings")
			.queryParam(API_VERSION, "{version}")
			.build(wireModel(settings, model), apiVersion);
	}

	@Override
	public String wireModel(ProviderSettings settings, String model) {
		return settings.options().getOrDefault(DEPLOYMENT_PREFIX + model, model);
	}

	@Override
	public URI modelsUri(UriBuilder uri, ProviderSettings settings) {
		return uri.replacePath(CompatibleEndpoints.basePathWithout(settings, V1) + "/deployments")
			.queryParam(API_VERSION, DEPLOYMENTS_API_VERSION)
			.build();
	}

	/**
	 * Lists the deployments, and each configured model whose deployment is among them.
	 */
	@Override
	public List<String> readModels(JsonNode body, ProviderSettings settings) {
		Set<String> offered = new LinkedHashSet<>(CompatibleEndpoints.super.readModels(body, settings));
		List<String> models = new ArrayList<>(offered);
		for (String model : settings.models()) {
			if (!offered.contains(model) && offered.contains(wireModel(settings, model))) {
				models.add(model);
			}
		}
		return models;
	}

}
