package io.github.fallbackllm.provider;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.embedding.EmbeddingRequest;
import io.github.fallbackllm.embedding.EmbeddingResult;
import io.github.fallbackllm.provider.compatible.AzureOpenAiLlmProviderFactory;
import io.github.fallbackllm.provider.compatible.MistralLlmProviderFactory;
import io.github.fallbackllm.provider.openai.OpenAiEmbeddings;
import io.github.fallbackllm.testsupport.ProviderStubs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Embeddings calls of the OpenAI wire format, and of the providers that lack one.
 *
 * @author Fallback LLM contributors
 */
class EmbeddingProvidersTests {

	private static final Duration BLOCK = Duration.ofSeconds(10);

	private static final String KEY = "sk-test-key-0123456789";

	@RegisterExtension
	static WireMockExtension server = ProviderStubs.server();

	@Test
	void openAiIsAskedForBase64VectorsAndTheyAreDecodedInInputOrder() {
		float[] first = { 0.1f, 0.2f };
		float[] second = { -0.3f, 0.4f };
		server.stubFor(post("/v1/embeddings").willReturn(ProviderStubs.ok(answer(first, second))));
		LlmProvider openAi = ProviderStubs.openAi("openai", server, KEY, "text-embedding-3-small");

		EmbeddingResult result = openAi
			.embed("text-embedding-3-small", EmbeddingRequest.builder().input("a").input("b").dimensions(2).build())
			.block(BLOCK);

		assertThat(result.vectors()).containsExactly(first, second);
		assertThat(result.model()).isEqualTo("text-embedding-3-small");
		assertThat(openAi.supportsEmbeddings()).isTrue();
		server.verify(postRequestedFor(urlEqualTo("/v1/embeddings"))
			.withHeader("Authorization", equalTo("Bearer " + KEY))
			.withRequestBody(equalToJson(
					"""
							{"model":"text-embedding-3-small","input":["a","b"],"dimensions":2,"encoding_format":"base64"}""")));
	}

	@Test
	void azureClassicDeploymentsNameTheDeploymentInThePath() {
		server.stubFor(post("/openai/deployments/prod-embed/embeddings?api-version=2024-10-21")
			.willReturn(ProviderStubs.ok(answer(new float[] { 1f }))));
		LlmProvider azure = new AzureOpenAiLlmProviderFactory().create(
				new ProviderSettings("azure", server.baseUrl() + "/openai", KEY, List.of("text-embedding-3-large"),
						Map.of(), 1 << 20, null, Map.of(),
						Map.of("api-version", "2024-10-21", "deployment.text-embedding-3-large", "prod-embed")),
				WebClient.builder());

		assertThat(azure.embed("text-embedding-3-large", EmbeddingRequest.of("a")).block(BLOCK).vectors())
			.containsExactly(new float[] { 1f });
		server.verify(postRequestedFor(urlEqualTo("/openai/deployments/prod-embed/embeddings?api-version=2024-10-21"))
			.withHeader("api-key", equalTo(KEY))
			.withRequestBody(
					equalToJson("{\"model\":\"prod-embed\",\"input\":[\"a\"],\"encoding_format\":\"base64\"}")));
	}

	@Test
	void aServiceThatOnlyAcceptsFloatsIsNotAskedForBase64() {
		server.stubFor(post("/v1/embeddings").willReturn(
				ProviderStubs.ok("{\"data\":[{\"index\":0,\"embedding\":[0.5,1]}],\"model\":\"mistral-embed\"}")));
		LlmProvider mistral = new MistralLlmProviderFactory().create(
				ProviderStubs.settings("mistral", server.baseUrl() + "/v1", KEY, "mistral-embed"), WebClient.builder());

		assertThat(mistral.embed("mistral-embed", EmbeddingRequest.of("a")).block(BLOCK).vectors())
			.containsExactly(new float[] { 0.5f, 1f });
		server.verify(postRequestedFor(urlEqualTo("/v1/embeddings"))
			.withRequestBody(equalToJson("{\"model\":\"mistral-embed\",\"input\":[\"a\"]}")));
	}

	@Test
	void aRateLimitIsClassifiedAsForChat() {
		server
			.stubFor(
					post("/v1/embeddings").willReturn(
							ProviderStubs
								.json(429,
										ProviderStubs.openAiError("requests", "rate_limit_exceeded",
												"Rate limit reached"))
								.withHeader("Retry-After", "7")));
		LlmProvider openAi = ProviderStubs.openAi("openai", server, KEY, "text-embedding-3-small");

		ProviderException failure = catchThrowableOfType(ProviderException.class,
				() -> openAi.embed("text-embedding-3-small", EmbeddingRequest.of("a")).block(BLOCK));

		assertThat(failure.getOutcome()).isEqualTo(AttemptOutcome.RATE_LIMITED);
		assertThat(failure.getRetryAfter()).isEqualTo(Duration.ofSeconds(7));
	}

	@Test
	void anErrorEnvelopeInA200IsThatErrorNotAnUnusableAnswer() {
		server.stubFor(post("/v1/embeddings").willReturn(ProviderStubs
			.ok(ProviderStubs.openAiError("invalid_request_error", "model_not_found", "The model does not exist"))));
		LlmProvider openAi = ProviderStubs.openAi("openai", server, KEY, "text-embedding-3-small");

		ProviderException failure = catchThrowableOfType(ProviderException.class,
				() -> openAi.embed("text-embedding-3-small", EmbeddingRequest.of("a")).block(BLOCK));

		assertThat(failure.getOutcome()).isNotEqualTo(AttemptOutcome.INVALID_RESPONSE);
		assertThat(failure.getMessage()).contains("The model does not exist");
	}

	@Test
	void anthropicServesNoEmbeddings() {
		LlmProvider anthropic = ProviderStubs.anthropic("anthropic", server, KEY, "claude-sonnet-4-5");

		assertThat(anthropic.supportsEmbeddings()).isFalse();
		ProviderException failure = catchThrowableOfType(ProviderException.class,
				() -> anthropic.embed("claude-sonnet-4-5", EmbeddingRequest.of("a")).block(BLOCK));
		assertThat(failure.getOutcome()).isEqualTo(AttemptOutcome.UNSUPPORTED);
		assertThat(server.getAllServeEvents()).isEmpty();
	}

	private static String answer(float[]... vectors) {
		StringBuilder json = new StringBuilder("{\"object\":\"list\",\"data\":[");
		for (int i = vectors.length - 1; i >= 0; i--) {
			json.append("{\"object\":\"embedding\",\"index\":")
				.append(i)
				.append(",\"embedding\":\"")
				.append(OpenAiEmbeddings.encodeBase64(vectors[i]))
				.append("\"}")
				.append((i > 0) ? "," : "");
		}
		return json.append("],\"model\":\"text-embedding-3-small\",\"usage\":{\"prompt_tokens\":2,\"total_tokens\":2}}")
			.toString();
	}

}
