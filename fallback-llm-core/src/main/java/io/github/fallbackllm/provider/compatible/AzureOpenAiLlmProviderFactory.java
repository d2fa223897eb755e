package io.github.fallbackllm.provider.compatible;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * {@code type: azure-openai}: Azure OpenAI, with the key in the {@code api-key} header,
 * the v1 API or the classic deployment URLs (see {@link AzureOpenAiEndpoints}). Its
 * errors are OpenAI's, with string codes such as {@code "429"},
 * {@code DeploymentNotFound} and {@code content_filter}, which the standard vocabulary
 * reads.
 *
 * @author Fallback LLM contributors
 */
public class AzureOpenAiLlmProviderFactory extends OpenAiCompatibleLlmProviderFactory {

	static final CompatibleType AZURE_OPENAI = CompatibleType
		.builder("azure-openai", "https://" + RESOURCE_VARIABLE + ".openai.azure.com/openai")
		.embeddings(CompatibleType.Embeddings.BASE64)
		.apiKeyHeader("api-key")
		.endpoints(new AzureOpenAiEndpoints())
		.build();

	public AzureOpenAiLlmProviderFactory() {
		super(AZURE_OPENAI);
	}

	/**
	 * Return the {@link io.github.fallbackllm.provider.ProviderSettings#options()
	 * options} of an Azure OpenAI provider.
	 * @param apiVersion the api-version of the classic deployment URLs, or {@code null}
	 * for the v1 API
	 * @param deployments the deployment of each model, by model
	 * @return the options
	 */
	public static Map<String, String> options(@Nullable String apiVersion, Map<String, String> deployments) {
		Map<String, String> options = new LinkedHashMap<>();
		if (apiVersion != null && !apiVersion.isBlank()) {
			options.put(AzureOpenAiEndpoints.API_VERSION, apiVersion.strip());
		}
		deployments
			.forEach((model, deployment) -> options.put(AzureOpenAiEndpoints.DEPLOYMENT_PREFIX + model, deployment));
		return options;
	}

}
