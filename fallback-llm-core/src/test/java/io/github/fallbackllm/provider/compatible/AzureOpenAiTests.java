package io.github.fallbackllm.provider.compatible;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.provider.LlmProvider;
import io.github.fallbackllm.provider.ProviderException;
import io.github.fallbackllm.provider.ProviderSettings;
import io.github.fallbackllm.testsupport.ProviderStubs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class AzureOpenAiTests {

	private static final String KEY = "azure-key-0c4f1e9a7d3b";

	private static final String CLASSIC_PATH = "/openai/deployments/prod-4o/chat/completions?api-version=2024-10-21";

	/** A hang guard, not a timing assertion: a busy machine may take seconds. */
	private static final Duration BLOCK = Duration.ofSeconds(30);

	@RegisterExtension
	static WireMockExtension server = ProviderStubs.server();

	@Test
	void classicDeploymentUrlsCarryTheApiVersionAndTheDeployment() {
		server.stubFor(post(urlEqualTo(CLASSIC_PATH))
			.willReturn(ProviderStubs.ok(ProviderStubs.openAiCompletion("gpt-4o-2024-08-06", "Hi"))));

		azure("/openai", Map.of("api-version", "2024-10-21", "deployment.gpt-4o", "prod-4o"))
			.chat("gpt-4o", ChatRequest.of("Hello"))
			.block(BLOCK);

		server.verify(postRequestedFor(urlEqualTo(CLASSIC_PATH)).withHeader("api-key", equalTo(KEY))
			.withHeader("Authorization", absent())
			.withRequestBody(matchingJsonPath("$.model", equalTo("prod-4o"))));
	}

	@Test
	void theV1ApiTakesTheDeploymentAsModelAndABaseUrlThatEndsInV1() {
		server.stubFor(post(urlEqualTo("/openai/v1/chat/completions"))
			.willReturn(ProviderStubs.ok(ProviderStubs.openAiCompletion("gpt-4o", "Hi"))));

		azure("/openai/v1", Map.of("deployment.gpt-4o", "prod-4o")).chat("gpt-4o", ChatRequest.of("Hello"))
			.block(BLOCK);

		server.verify(postRequestedFor(urlEqualTo("/openai/v1/chat/completions"))
			.withRequestBody(matchingJsonPath("$.model", equalTo("prod-4o"))));
	}

	@Test
	void aFilteredPromptIsContentFiltered() {
		server.stubFor(post(urlEqualTo("/openai/v1/chat/completions")).willReturn(ProviderStubs.json(400, """
				{"error":{"message":"The response was filtered due to the prompt triggering Azure OpenAI's content \
				management policy.","type":null,"param":"prompt","code":"content_filter","status":400,
				 "innererror":{"code":"ResponsibleAIPolicyViolation","content_filter_result":{"hate":{"filtered":true,
				 "severity":"medium"}}}}}""")));

		assertThat(fail(azure("/openai", Map.of())).getOutcome()).isEqualTo(AttemptOutcome.CONTENT_FILTERED);
	}

	@Test
	void aFilteredCompletionIsContentFiltered() {
		server.stubFor(post(urlEqualTo("/openai/v1/chat/completions")).willReturn(ProviderStubs.ok("""
				{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o","choices":[{"index":0,
				 "message":{"role":"assistant","content":""},"finish_reason":"content_filter",
				 "content_filter_results":{"hate":{"filtered":true,"severity":"high"}}}]}""")));

		assertThat(fail(azure("/openai", Map.of())).getOutcome()).isEqualTo(AttemptOutcome.CONTENT_FILTERED);
	}

	@Test
	void healthListsTheDeploymentsAndTheModelsMappedToThem() {
		server.stubFor(get(urlEqualTo("/openai/deployments?api-version=2022-12-01")).willReturn(ProviderStubs
			.ok("""
					{"object":"list","data":[{"id":"prod-4o","model":"gpt-4o","object":"deployment","status":"succeeded"}]}""")));

		List<String> offered = azure("/openai/v1", Map.of("deployment.gpt-4o", "prod-4o")).listModels().block(BLOCK);

		assertThat(offered).containsExactly("prod-4o", "gpt-4o");
	}

	private static ProviderException fail(LlmProvider provider) {
		return catchThrowableOfType(ProviderException.class,
				() -> provider.chat("gpt-4o", ChatRequest.of("Hello")).block(BLOCK));
	}

	private static LlmProvider azure(String basePath, Map<String, String> options) {
		return new AzureOpenAiLlmProviderFactory().create(new ProviderSettings("azure", server.baseUrl() + basePath,
				KEY, List.of("gpt-4o"), Map.of(), 1 << 20, null, Map.of(), options), WebClient.builder());
	}

}
