package io.github.fallbackllm.gateway.embeddings;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.fallbackllm.FallbackChatService;
import io.github.fallbackllm.gateway.GatewayAccess;
import io.github.fallbackllm.gateway.GatewayProperties;
import io.github.fallbackllm.gateway.GatewayRoutes;
import io.github.fallbackllm.gateway.ImageUrls;
import io.github.fallbackllm.gateway.chatcompletions.ChatCompletionsDialect;
import io.github.fallbackllm.provider.ProviderSettings;
import io.github.fallbackllm.provider.openai.OpenAiLlmProvider;
import io.github.fallbackllm.routing.Route;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /v1/embeddings} bound to WebFlux without a server, against a WireMock
 * OpenAI-format provider: bad requests are 400s in OpenAI's envelope that call no
 * provider, and answers come back as float arrays or little-endian float32 base64.
 */
class EmbeddingsEndpointTests {

	private static final String MODEL = "text-embedding-3-small";

	private static final WireMockServer provider = new WireMockServer(wireMockConfig().dynamicPort());

	private static final JsonMapper JSON = JsonMapper.shared();

	private WebTestClient client;

	@BeforeAll
	static void start() {
		provider.start();
	}

	@AfterAll
	static void stop() {
		provider.stop();
	}

	@BeforeEach
	void bind() {
		provider.resetAll();
		OpenAiLlmProvider openai = new OpenAiLlmProvider(new ProviderSettings("openai", provider.baseUrl() + "/v1",
				"sk-test-0123456789abcdef", List.of("gpt-4o-mini", MODEL), Map.of(), 1024 * 1024), WebClient.builder());
		FallbackChatService chain = FallbackChatService.builder()
			.timeout(Duration.ofSeconds(20))
			.provider(openai)
			.route(Route.builder("embed").aliases(MODEL).group("openai/" + MODEL).build())
			.route(Route.builder("chat").aliases("gpt-4o-mini").group("openai/gpt-4o-mini").build())
			.build();
		GatewayProperties properties = new GatewayProperties();
		EmbeddingsEndpoint endpoint = new EmbeddingsEndpoint(new GatewayRoutes(chain, properties.getUnknownModel()),
				new ChatCompletionsDialect(new ImageUrls(false)), properties, GatewayAccess.open());
		this.client = WebTestClient.bindToRouterFunction(endpoint.endpoint()).build();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					''                                                       | The request body is empty
					'[1, 2]'                                                 | must be a JSON object
					'{"input": '                                             | not valid JSON
					'{"model": "text-embedding-3-small"}'                    | input is missing
					'{"input": 5}'                                           | input must be a string or an array of strings (got a number)
					'{"input": {"text": "a"}}'                               | (got an object)
					'{"input": []}'                                          | input must not be an empty array
					'{"input": ""}'                                          | input is an empty string
					'{"input": ["a", ""]}'                                   | input[1] is an empty string
					'{"input": [1, 2, 3]}'                                   | input[0] is a token array or token id
					'{"input": [[1, 2], [3]]}'                               | send the text instead
					'{"input": ["a", true]}'                                 | input[1] must be a string (got a boolean)
					'{"input": "a", "model": 5}'                             | model must be a string
					'{"input": "a", "dimensions": 0}'                        | dimensions must be a whole number of at least 1
					'{"input": "a", "dimensions": "256"}'                    | dimensions must be a whole number
					'{"input": "a", "encoding_format": "hex"}'               | encoding_format must be "float" or "base64"
					'{"input": "a", "user": ["u"]}'                          | user must be a string
					""")
	void aBadRequestIsA400InOpenAisEnvelopeWithoutAProviderCall(String body, String message) {
		JsonNode error = error(embed(body), HttpStatus.BAD_REQUEST);
		assertThat(error.path("type").asString()).isEqualTo("invalid_request_error");
		assertThat(error.path("message").asString()).contains(message);
		provider.verify(0, anyRequestedFor(anyUrl()));
	}

	@Test
	void moreInputsThanOneOpenAiRequestTakesAreA400() {
		String inputs = String.join(",", java.util.Collections.nCopies(EmbeddingsRequest.MAX_INPUTS + 1, "\"a\""));
		JsonNode error = error(embed("{\"input\": [" + inputs + "]}"), HttpStatus.BAD_REQUEST);
		assertThat(error.path("message").asString()).contains("input has 2049 items; at most 2048");
		provider.verify(0, anyRequestedFor(anyUrl()));
	}

	@Test
	void anUnknownModelIsA404ModelNotFound() {
		JsonNode error = error(embed("{\"input\": \"a\", \"model\": \"text-embedding-4\"}"), HttpStatus.NOT_FOUND);
		assertThat(error.path("code").asString()).isEqualTo("model_not_found");
		assertThat(error.path("message").asString()).contains("text-embedding-4");
	}

	@Test
	void aRouteWithoutEmbeddingModelsIsA400() {
		JsonNode error = error(embed("{\"input\": \"a\", \"model\": \"gpt-4o-mini\"}"), HttpStatus.BAD_REQUEST);
		assertThat(error.path("message").asString())
			.contains("Route 'chat' (model 'gpt-4o-mini') has no embedding model");
		provider.verify(0, anyRequestedFor(anyUrl()));
	}

	@Test
	void anotherMethodIsA405() {
		this.client.get()
			.uri(EmbeddingsEndpoint.PATH)
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.METHOD_NOT_ALLOWED)
			.expectHeader()
			.valueEquals("Allow", "POST");
	}

	@Test
	void vectorsComeBackAsFloatsByDefaultWithTheHeadersOfWhoAnswered() {
		stubVectors();
		JsonNode answer = JSON.readTree(embed(
				"{\"input\": [\"a\", \"b\"], \"model\": \"text-embedding-3-small\", \"dimensions\": 2, \"user\": \"u-1\"}")
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("x-llm-provider", "openai")
			.expectHeader()
			.valueEquals("x-llm-attempts", "openai/" + MODEL + "=succeeded")
			.expectHeader()
			.valueEquals("x-llm-embedding-space", MODEL)
			.expectBody()
			.returnResult()
			.getResponseBody());

		assertThat(answer.path("object").asString()).isEqualTo("list");
		assertThat(answer.path("model").asString()).isEqualTo(MODEL);
		assertThat(answer.path("data").get(1).path("object").asString()).isEqualTo("embedding");
		assertThat(answer.path("data").get(1).path("index").asInt()).isEqualTo(1);
		assertThat(answer.path("data").get(1).path("embedding").get(0).floatValue()).isEqualTo(-1.5f);
		assertThat(answer.path("data").get(1).path("embedding").get(1).floatValue()).isEqualTo(0.1f);
		assertThat(answer.path("usage").path("prompt_tokens").asInt()).isEqualTo(2);
		assertThat(answer.path("usage").path("total_tokens").asInt()).isEqualTo(2);
		provider.verify(postRequestedFor(urlEqualTo("/v1/embeddings"))
			.withRequestBody(matchingJsonPath("$.dimensions", equalTo("2"))));
	}

	@Test
	void base64IsTheLittleEndianFloat32sOfEachVector() {
		stubVectors();
		JsonNode answer = JSON.readTree(embed(
				"{\"input\": [\"a\", \"b\"], \"model\": \"text-embedding-3-small\", \"encoding_format\": \"base64\"}")
			.expectStatus()
			.isOk()
			.expectBody()
			.returnResult()
			.getResponseBody());

		byte[] bytes = Base64.getDecoder().decode(answer.path("data").get(1).path("embedding").asString());
		ByteBuffer floats = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
		assertThat(bytes).hasSize(8);
		assertThat(floats.getFloat(0)).isEqualTo(-1.5f);
		assertThat(floats.getFloat(4)).isEqualTo(0.1f);
		// 1.0f is 0x3F800000: 00 00 80 3F in little-endian order.
		assertThat(EmbeddingsJson.base64(new float[] { 1.0f })).isEqualTo("AACAPw==");
	}

	private static void stubVectors() {
		provider.stubFor(post("/v1/embeddings").willReturn(aResponse().withHeader("Content-Type", "application/json")
			.withBody("{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":[0.5,0.25]},"
					+ "{\"object\":\"embedding\",\"index\":1,\"embedding\":[-1.5,0.1]}],\"model\":\"" + MODEL
					+ "\",\"usage\":{\"prompt_tokens\":2,\"total_tokens\":2}}")));
	}

	private WebTestClient.ResponseSpec embed(String body) {
		return this.client.post()
			.uri(EmbeddingsEndpoint.PATH)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	private static JsonNode error(WebTestClient.ResponseSpec response, HttpStatus status) {
		byte[] body = response.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentType(MediaType.APPLICATION_JSON)
			.expectBody()
			.returnResult()
			.getResponseBody();
		return JSON.readTree(body).path("error");
	}

}
