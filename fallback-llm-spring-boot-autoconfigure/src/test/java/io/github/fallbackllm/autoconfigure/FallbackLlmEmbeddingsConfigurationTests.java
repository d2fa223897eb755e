package io.github.fallbackllm.autoconfigure;

import java.util.List;
import java.util.StringJoiner;
import java.util.stream.IntStream;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.fallbackllm.FallbackChatService;
import io.github.fallbackllm.FallbackEmbeddingService;
import io.github.fallbackllm.embedding.EmbeddingRequest;
import io.github.fallbackllm.embedding.EmbeddingResponse;
import io.github.fallbackllm.embedding.MixedEmbeddingSpacesException;
import io.github.fallbackllm.provider.openai.OpenAiEmbeddings;
import io.github.fallbackllm.testsupport.ProviderStubs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.github.fallbackllm.testsupport.ProviderStubs.json;
import static io.github.fallbackllm.testsupport.ProviderStubs.ok;
import static io.github.fallbackllm.testsupport.ProviderStubs.openAiError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Embeddings through the auto-configured {@link FallbackEmbeddingService}, against
 * OpenAI-format stubs: fallback within one embedding space, routes that would mix spaces
 * refused at startup, vectors of another length than asked never returned, and batches
 * reassembled in order.
 */
class FallbackLlmEmbeddingsConfigurationTests {

	private static final String KEY = "sk-proj-embeddings0123456789abcdefSECRET";

	@RegisterExtension
	static WireMockExtension server = ProviderStubs.server();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(FallbackLlmAutoConfiguration.class))
		.withPropertyValues(provider(0, "openai", "gpt-4o", "text-embedding-3-small"))
		.withPropertyValues(provider(1, "backup", "text-embedding-3-small"))
		.withPropertyValues(provider(2, "other", "mistral-embed"));

	@Test
	void theServiceIsTheChatServicesEmbeddingsAndItsPrimaryRateLimitedFallsBackWithinItsSpace() {
		server.stubFor(post("/openai/v1/embeddings")
			.willReturn(json(429, openAiError("rate_limit_exceeded", "rate_limit_exceeded", "Rate limit reached"))
				.withHeader("retry-after", "20")));
		server.stubFor(post("/backup/v1/embeddings").willReturn(ok(answer("text-embedding-3-small", 3, 0, 1))));

		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(FallbackEmbeddingService.class).hasBean("fallbackEmbeddingService");
			FallbackEmbeddingService service = context.getBean(FallbackEmbeddingService.class);

			EmbeddingResponse response = service.embedBlocking(EmbeddingRequest.of("first", "second"));

			assertThat(response.provider()).isEqualTo("backup");
			assertThat(response.space()).isEqualTo("text-embedding-3-small");
			assertThat(response.vectors()).extracting((vector) -> vector[0]).containsExactly(0f, 1f);
			assertThat(response.attempts()).extracting((attempt) -> attempt.provider() + " " + attempt.outcome())
				.containsExactly("openai UNSUPPORTED", "openai RATE_LIMITED", "backup SUCCEEDED");
			assertThat(service.spaces()).as("the implicit default route leaves out other spaces")
				.containsExactly("text-embedding-3-small");
			assertThat(context.getBean(FallbackChatService.class)
				.route("default")
				.currentRoute()
				.groups()
				.get(0)
				.targets()).noneMatch((target) -> target.model().equals("mistral-embed"));
		});
		server.verify(0, postRequestedFor(urlEqualTo("/other/v1/embeddings")));
		server.verify(0, postRequestedFor(urlEqualTo("/openai/v1/chat/completions")));
	}

	@Test
	void aRouteThatWouldMixSpacesStopsTheApplicationAndNoProviderIsCalled() {
		this.contextRunner
			.withPropertyValues("llm.fallback.routes.rag.groups[0].targets[0].target=openai/text-embedding-3-small",
					"llm.fallback.routes.rag.groups[1].targets[0].target=other/mistral-embed")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(MixedEmbeddingSpacesException.class)
					.hasMessageContaining("openai/text-embedding-3-small")
					.hasMessageContaining("other/mistral-embed")
					.hasMessageContaining("llm.fallback.routes.rag.allow-mixed-spaces");
			});
		assertThat(server.getAllServeEvents()).isEmpty();
	}

	@Test
	void aRouteMayMixSpacesWhenAllowedAndTargetsMayNameOneSpace() {
		this.contextRunner
			.withPropertyValues("llm.fallback.routes.rag.allow-mixed-spaces=true",
					"llm.fallback.routes.rag.groups[0].targets[0].target=openai/text-embedding-3-small",
					"llm.fallback.routes.rag.groups[1].targets[0].target=other/mistral-embed",
					"llm.fallback.routes.labelled.groups[0].targets[0].target=backup/text-embedding-3-small",
					"llm.fallback.routes.labelled.groups[0].targets[0].embedding-space=shared",
					"llm.fallback.routes.labelled.groups[0].targets[1].target=other/mistral-embed",
					"llm.fallback.routes.labelled.groups[0].targets[1].embedding-space=shared")
			.run((context) -> {
				FallbackEmbeddingService service = context.getBean(FallbackEmbeddingService.class);
				assertThat(service.route("rag").spaces()).containsExactly("text-embedding-3-small", "mistral-embed");
				assertThat(service.route("labelled").spaces()).containsExactly("shared");
			});
	}

	@Test
	void vectorsOfAnotherLengthThanAskedAreNeverReturned() {
		server.stubFor(post("/openai/v1/embeddings").willReturn(ok(answer("text-embedding-3-small", 1536, 0))));
		server.stubFor(post("/backup/v1/embeddings").willReturn(ok(answer("text-embedding-3-small", 256, 0))));

		this.contextRunner.run((context) -> {
			EmbeddingResponse response = context.getBean(FallbackEmbeddingService.class)
				.embedBlocking(EmbeddingRequest.builder().input("text").dimensions(256).build());

			assertThat(response.provider()).isEqualTo("backup");
			assertThat(response.dimensions()).isEqualTo(256);
			assertThat(response.attempts().get(1).detail()).contains("1536 dimensions where 256 were asked");
		});
		server.verify(postRequestedFor(urlEqualTo("/openai/v1/embeddings"))
			.withRequestBody(matchingJsonPath("$.dimensions", equalTo("256"))));
	}

	@Test
	void inputsBeyondOpenAisMaximumGoInBatchesReassembledInOrder() {
		int count = OpenAiEmbeddings.MAX_INPUTS + 3;
		server.stubFor(post("/openai/v1/embeddings").atPriority(2)
			.willReturn(ok(
					answer("text-embedding-3-small", 2, IntStream.range(0, OpenAiEmbeddings.MAX_INPUTS).toArray()))));
		server.stubFor(post("/openai/v1/embeddings").atPriority(1)
			.withRequestBody(containing("[\"text " + OpenAiEmbeddings.MAX_INPUTS + "\","))
			.willReturn(ok(answer("text-embedding-3-small", 2,
					IntStream.range(OpenAiEmbeddings.MAX_INPUTS, count).toArray()))));
		List<String> inputs = IntStream.range(0, count).mapToObj((i) -> "text " + i).toList();

		this.contextRunner.run((context) -> {
			EmbeddingResponse response = context.getBean(FallbackEmbeddingService.class)
				.embedBlocking(EmbeddingRequest.builder().inputs(inputs).build());

			assertThat(response.vectors()).hasSize(count);
			assertThat(IntStream.range(0, count).filter((i) -> response.vectors().get(i)[0] != i))
				.as("inputs whose vector is not theirs")
				.isEmpty();
			assertThat(response.usage()).isNotNull();
			assertThat(response.usage().promptTokens()).isEqualTo(count);
		});
		server.verify(2, postRequestedFor(urlEqualTo("/openai/v1/embeddings")));
	}

	/**
	 * An OpenAI embeddings answer in base64, as the provider asks for: one vector per
	 * value, whose first component is that value, out of order to check placement by
	 * index.
	 */
	private static String answer(String model, int dimensions, int... values) {
		StringJoiner data = new StringJoiner(",");
		for (int i = values.length - 1; i >= 0; i--) {
			float[] vector = new float[dimensions];
			vector[0] = values[i];
			data.add("{\"object\":\"embedding\",\"index\":" + i + ",\"embedding\":\""
					+ OpenAiEmbeddings.encodeBase64(vector) + "\"}");
		}
		return "{\"object\":\"list\",\"data\":[" + data + "],\"model\":\"" + model + "\",\"usage\":{\"prompt_tokens\":"
				+ values.length + ",\"total_tokens\":" + values.length + "}}";
	}

	private static String[] provider(int index, String name, String... models) {
		String prefix = "llm.fallback.providers[" + index + "].";
		return new String[] { prefix + "name=" + name, prefix + "type=openai",
				prefix + "base-url=" + server.baseUrl() + "/" + name + "/v1", prefix + "api-key=" + KEY,
				prefix + "models=" + String.join(",", models) };
	}

}
