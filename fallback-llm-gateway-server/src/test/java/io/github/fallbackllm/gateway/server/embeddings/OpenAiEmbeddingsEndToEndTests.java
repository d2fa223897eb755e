package io.github.fallbackllm.gateway.server.embeddings;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.errors.PermissionDeniedException;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import io.github.fallbackllm.gateway.testsupport.AdjustableClock;
import io.github.fallbackllm.gateway.testsupport.StubProviders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code POST /v1/embeddings} driven by the official OpenAI Java SDK, behind the
 * gateway's keys, against two WireMock OpenAI-format providers that serve the same
 * embedding model: the primary rate-limited, the secondary answering. The SDK runs with
 * {@code maxRetries(0)}, so each SDK call reaches the gateway once.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("stubs")
@Import(StubProviders.AdjustableClockConfiguration.class)
class OpenAiEmbeddingsEndToEndTests {

	static final String MODEL = "text-embedding-3-small";

	static final String TEAM = "gw-embeddings-team-0123456789";

	static final String CHAT_ONLY = "gw-embeddings-chat-only-0123456789";

	static final WireMockServer primary = StubProviders.server();

	static final WireMockServer secondary = StubProviders.server();

	@LocalServerPort
	private int port;

	@Autowired
	private AdjustableClock clock;

	@DynamicPropertySource
	static void providers(DynamicPropertyRegistry registry) {
		provider(registry, 0, "primary", primary);
		provider(registry, 1, "secondary", secondary);
		registry.add("llm.fallback.routes.embed.aliases[0]", () -> MODEL);
		registry.add("llm.fallback.routes.embed.groups[0].targets[0].target", () -> "primary/" + MODEL);
		registry.add("llm.fallback.routes.embed.groups[0].targets[1].target", () -> "secondary/" + MODEL);
		registry.add("llm.fallback.routes.chat.aliases[0]", () -> "gpt-4o-mini");
		registry.add("llm.fallback.routes.chat.groups[0].targets[0].target", () -> "primary/gpt-4o-mini");
		registry.add("llm.fallback.gateway.keys[0].name", () -> "team");
		registry.add("llm.fallback.gateway.keys[0].key", () -> TEAM);
		registry.add("llm.fallback.gateway.keys[1].name", () -> "chat-only");
		registry.add("llm.fallback.gateway.keys[1].key", () -> CHAT_ONLY);
		registry.add("llm.fallback.gateway.keys[1].routes", () -> "chat");
		registry.add("llm.fallback.retry.delay", () -> "10ms");
		registry.add("server.address", () -> "127.0.0.1");
	}

	private static void provider(DynamicPropertyRegistry registry, int index, String name, WireMockServer server) {
		String prefix = "llm.fallback.providers[" + index + "].";
		registry.add(prefix + "name", () -> name);
		registry.add(prefix + "type", () -> "openai");
		registry.add(prefix + "base-url", () -> server.baseUrl() + "/v1");
		registry.add(prefix + "api-key", () -> "sk-proj-" + name.toUpperCase() + "secret0123456789abcdef");
		registry.add(prefix + "models[0]", () -> "gpt-4o-mini");
		registry.add(prefix + "models[1]", () -> MODEL);
	}

	private OpenAIClient client;

	@BeforeEach
	void connect() {
		primary.resetAll();
		secondary.resetAll();
		this.clock.advance(Duration.ofHours(1));
		this.client = client(TEAM);
	}

	@AfterEach
	void close() {
		this.client.close();
	}

	@Test
	void floatVectorsAreServedByTheSecondaryWhileThePrimaryIsRateLimited() {
		primary.stubFor(post("/v1/embeddings").willReturn(StubProviders.openAiRateLimited(20)));
		secondary.stubFor(post("/v1/embeddings").willReturn(vectors()));

		HttpResponseFor<CreateEmbeddingResponse> response = this.client.embeddings()
			.withRawResponse()
			.create(EmbeddingCreateParams.builder()
				.inputOfArrayOfStrings(List.of("Cats purr.", "Dogs bark."))
				.model(MODEL)
				.dimensions(2)
				.encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT)
				.build());
		CreateEmbeddingResponse answer = response.parse();

		assertThat(answer.model()).isEqualTo(MODEL);
		assertThat(answer.data()).hasSize(2);
		assertThat(answer.data().get(0).index()).isZero();
		assertThat(answer.data().get(0).embedding()).containsExactly(0.5f, 0.25f);
		assertThat(answer.data().get(1).embedding()).containsExactly(-1.5f, 0.1f);
		assertThat(answer.usage().promptTokens()).isEqualTo(6);
		assertThat(answer.usage().totalTokens()).isEqualTo(6);
		assertThat(response.headers().values("x-llm-provider")).containsExactly("secondary");
		assertThat(response.headers().values("x-llm-attempts"))
			.containsExactly("primary/" + MODEL + "=rate_limited, secondary/" + MODEL + "=succeeded");
		assertThat(response.headers().values("x-llm-embedding-space")).containsExactly(MODEL);
		primary.verify(1, postRequestedFor(urlPathEqualTo("/v1/embeddings")));
		secondary.verify(1, postRequestedFor(urlPathEqualTo("/v1/embeddings"))
			.withRequestBody(matchingJsonPath("$.dimensions", equalTo("2"))));
	}

	@Test
	void base64VectorsDecodeToTheSameFloats() {
		primary.stubFor(post("/v1/embeddings").willReturn(StubProviders.openAiRateLimited(20)));
		secondary.stubFor(post("/v1/embeddings").willReturn(vectors()));

		CreateEmbeddingResponse answer = this.client.embeddings()
			.create(EmbeddingCreateParams.builder()
				.inputOfArrayOfStrings(List.of("Cats purr.", "Dogs bark."))
				.model(MODEL)
				.encodingFormat(EmbeddingCreateParams.EncodingFormat.BASE64)
				.build());

		String base64 = answer.data().get(1).embeddingValue().asBase64();
		ByteBuffer floats = ByteBuffer.wrap(Base64.getDecoder().decode(base64)).order(ByteOrder.LITTLE_ENDIAN);
		assertThat(floats.getFloat(0)).isEqualTo(-1.5f);
		assertThat(floats.getFloat(4)).isEqualTo(0.1f);
		assertThat(floats.remaining()).isEqualTo(8);
	}

	@Test
	void aKeyWithoutTheEmbeddingRouteIsRefusedWithoutAProviderCall() {
		OpenAIClient chatOnly = client(CHAT_ONLY);
		try {
			assertThatExceptionOfType(PermissionDeniedException.class)
				.isThrownBy(() -> chatOnly.embeddings()
					.create(EmbeddingCreateParams.builder().input("Cats purr.").model(MODEL).build()))
				.satisfies((ex) -> {
					assertThat(ex.statusCode()).isEqualTo(403);
					assertThat(ex.code()).contains("permission_denied");
					assertThat(ex.getMessage()).contains("route 'embed'").doesNotContain(CHAT_ONLY);
				});
		}
		finally {
			chatOnly.close();
		}
		primary.verify(0, anyRequestedFor(anyUrl()));
		secondary.verify(0, anyRequestedFor(anyUrl()));
	}

	private OpenAIClient client(String key) {
		return OpenAIOkHttpClient.builder()
			.baseUrl("http://localhost:" + this.port + "/v1")
			.apiKey(key)
			.maxRetries(0)
			.build();
	}

	private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder vectors() {
		return aResponse().withHeader("Content-Type", "application/json")
			.withBody("{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":[0.5,0.25]},"
					+ "{\"object\":\"embedding\",\"index\":1,\"embedding\":[-1.5,0.1]}],\"model\":\"" + MODEL
					+ "\",\"usage\":{\"prompt_tokens\":6,\"total_tokens\":6}}");
	}

}
