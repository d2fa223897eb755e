package io.github.fallbackllm.provider.compatible;

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
		.apiKeyHeader("api-key")
		.endpoints(new AzureOpenAiEndpoints())
		.build();

	public AzureOpenAiLlmProviderFactory() {
		super(AZURE_OPENAI);
	}

}
