package io.github.fallbackllm.provider.bedrock;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.ChatMessage;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.chat.ContentPart;
import io.github.fallbackllm.chat.FinishReason;
import io.github.fallbackllm.chat.ResponseFormat;
import io.github.fallbackllm.chat.ToolCall;
import io.github.fallbackllm.chat.ToolChoice;
import io.github.fallbackllm.chat.ToolDefinition;
import io.github.fallbackllm.provider.LlmProvider;
import io.github.fallbackllm.provider.ProviderException;
import io.github.fallbackllm.provider.ProviderSettings;
import io.github.fallbackllm.testsupport.ProviderStubs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

class BedrockLlmProviderTests {

	static final String ACCESS_KEY = "AKIDEXAMPLE0123456789";

	static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

	static final String SESSION_TOKEN = "FwoGZXIvYXdzEXAMPLE-session-token-0123456789abcdef";

	static final String MODEL = "anthropic.claude-3-5-sonnet-20240620-v1:0";

	static final String CONVERSE = "/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse";

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-01T12:00:00Z"), ZoneOffset.UTC);

	@RegisterExtension
	static WireMockExtension server = ProviderStubs.server();

	static LlmProvider bedrock(String baseUrl, Map<String, String> options, String apiKey) {
		return new BedrockLlmProviderFactory(CLOCK).create(new ProviderSettings("bedrock", baseUrl, apiKey,
				List.of(MODEL), Map.of(), 1024 * 1024, null, Map.of(), options), WebClient.builder());
	}

	static LlmProvider signed(String baseUrl) {
		return bedrock(baseUrl, Map.of("region", "us-east-1", "access-key", ACCESS_KEY, "secret-key", SECRET_KEY,
				"session-token", SESSION_TOKEN), null);
	}

	static String converse(String text) {
		return "{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[{\"text\":\"" + text + "\"}]}},"
				+ "\"stopReason\":\"end_turn\",\"usage\":{\"inputTokens\":12,\"outputTokens\":3,\"totalTokens\":15},"
				+ "\"metrics\":{\"latencyMs\":200}}";
	}

	private final LlmProvider provider = signed(server.baseUrl());

	@Test
	void signsWhatItSendsExactlyAsTheSdksSignerDoes() {
		server.stubFor(post(CONVERSE).willReturn(ProviderStubs.ok(converse("Hi"))));

		this.provider.chat(MODEL, ChatRequest.builder().system("Be brief.").user("Hello!").maxTokens(100).build())
			.block(Duration.ofSeconds(5));

		LoggedRequest sent = server.getAllServeEvents().get(0).getRequest();
		SdkHttpRequest expected = AwsV4HttpSigner.create()
			.sign((sign) -> sign.identity(AwsSessionCredentialsIdentity.create(ACCESS_KEY, SECRET_KEY, SESSION_TOKEN))
				.request(SdkHttpRequest.builder()
					.uri(URI.create(server.baseUrl() + sent.getUrl()))
					.method(SdkHttpMethod.POST)
					.putHeader("Content-Type", sent.getHeader("Content-Type"))
					.build())
				.payload(ContentStreamProvider.fromByteArray(sent.getBody()))
				.putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "bedrock")
				.putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
				.putProperty(HttpSigner.SIGNING_CLOCK, CLOCK))
			.request();
		for (String header : List.of("Authorization", "X-Amz-Date", "x-amz-content-sha256", "X-Amz-Security-Token")) {
			assertThat(sent.getHeader(header)).as(header).isEqualTo(expected.firstMatchingHeader(header).orElseThrow());
		}
		assertThat(sent.getHeader("Authorization"))
			.startsWith("AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY + "/20250601/us-east-1/bedrock/aws4_request");
	}

	@Test
	void aBaseUrlChangesTheHostButNotTheSignaturesRegionOrService() {
		server.stubFor(post(CONVERSE).willReturn(ProviderStubs.ok(converse("Hi"))));

		bedrock(server.baseUrl(), Map.of("region", "eu-west-1", "access-key", ACCESS_KEY, "secret-key", SECRET_KEY),
				null)
			.chat(MODEL, ChatRequest.of("Hi"))
			.block(Duration.ofSeconds(5));

		LoggedRequest sent = server.getAllServeEvents().get(0).getRequest();
		assertThat(sent.getHeader("Authorization")).contains("/eu-west-1/bedrock/aws4_request");
		assertThat(sent.containsHeader("X-Amz-Security-Token")).isFalse();
	}

	@Test
	void aBedrockApiKeyIsABearerTokenInsteadOfASignature() {
		server.stubFor(post(CONVERSE).willReturn(ProviderStubs.ok(converse("Hi"))));

		bedrock(server.baseUrl(), Map.of("region", "us-east-1"), "ABSKQmVkcm9ja0FQSUtleS1example0123456789")
			.chat(MODEL, ChatRequest.of("Hi"))
			.block(Duration.ofSeconds(5));

		server.verify(postRequestedFor(urlEqualTo(CONVERSE))
			.withHeader("Authorization", equalTo("Bearer ABSKQmVkcm9ja0FQSUtleS1example0123456789"))
			.withHeader("X-Amz-Date", absent()));
	}

	@Test
	void writesTheConverseRequest() {
		server.stubFor(post(CONVERSE).willReturn(ProviderStubs.ok(converse("Hi"))));
		ChatRequest request = ChatRequest.builder()
			.system("Be brief.")
			.user("What is this?", ContentPart.image("image/png", new byte[] { 1, 2, 3 }))
			.message(
					ChatMessage.assistant("Let me look.", List.of(new ToolCall("call-1", "lookup", "{\"q\":\"png\"}"))))
			.message(ChatMessage.toolResult("call-1", "a tiny image"))
			.user("And?")
			.tools(List.of(new ToolDefinition("lookup", "Looks things up", "{\"type\":\"object\"}")))
			.toolChoice(ToolChoice.REQUIRED)
			.temperature(0.2)
			.topP(0.9)
			.maxTokens(256)
			.stop("END")
			.build();

		this.provider.chat(MODEL, request).block(Duration.ofSeconds(5));

		server.verify(postRequestedFor(urlEqualTo(CONVERSE)).withRequestBody(equalToJson("""
				{"messages":[
				  {"role":"user","content":[{"text":"What is this?"},
				    {"image":{"format":"png","source":{"bytes":"AQID"}}}]},
				  {"role":"assistant","content":[{"text":"Let me look."},
				    {"toolUse":{"toolUseId":"call-1","name":"lookup","input":{"q":"png"}}}]},
				  {"role":"user","content":[
				    {"toolResult":{"toolUseId":"call-1","content":[{"text":"a tiny image"}]}},{"text":"And?"}]}],
				 "system":[{"text":"Be brief."}],
				 "inferenceConfig":{"maxTokens":256,"temperature":0.2,"topP":0.9,"stopSequences":["END"]},
				 "toolConfig":{"tools":[{"toolSpec":{"name":"lookup","description":"Looks things up",
				   "inputSchema":{"json":{"type":"object"}}}}],"toolChoice":{"any":{}}}}""")));
	}

	@Test
	void jsonOutputIsAForcedToolWhoseInputIsTheAnswer() {
		server.stubFor(post(CONVERSE).willReturn(ProviderStubs.ok("{\"output\":{\"message\":{\"role\":\"assistant\","
				+ "\"content\":[{\"toolUse\":{\"toolUseId\":\"t1\",\"name\":\"json_answer\",\"input\":{\"city\":\"Oslo\"}}}]}},"
				+ "\"stopReason\":\"tool_use\",\"usage\":{\"inputTokens\":5,\"outputTokens\":4}}")));

		ChatResponse response = this.provider
			.chat(MODEL,
					ChatRequest.builder().user("Capital of Norway?").responseFormat(ResponseFormat.JSON_OBJECT).build())
			.block(Duration.ofSeconds(5));

		assertThat(response.content()).isEqualTo("{\"city\":\"Oslo\"}");
		assertThat(response.toolCalls()).isEmpty();
		assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
		server.verify(postRequestedFor(urlEqualTo(CONVERSE)).withRequestBody(
				equalToJson("{\"toolConfig\":{\"toolChoice\":{\"tool\":{\"name\":\"json_answer\"}}}}", true, true)));
	}

	@Test
	void readsTextToolCallsUsageAndStopReason() {
		server.stubFor(post(CONVERSE).willReturn(ProviderStubs.ok("{\"output\":{\"message\":{\"role\":\"assistant\","
				+ "\"content\":[{\"text\":\"Checking.\"},{\"toolUse\":{\"toolUseId\":\"t1\",\"name\":\"lookup\","
				+ "\"input\":{\"q\":\"x\"}}}]}},\"stopReason\":\"tool_use\",\"usage\":{\"inputTokens\":7,\"outputTokens\":9}}")));

		ChatResponse response = this.provider.chat(MODEL, ChatRequest.of("Hi")).block(Duration.ofSeconds(5));

		assertThat(response.content()).isEqualTo("Checking.");
		assertThat(response.toolCalls()).containsExactly(new ToolCall("t1", "lookup", "{\"q\":\"x\"}"));
		assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
		assertThat(response.usage().promptTokens()).isEqualTo(7);
		assertThat(response.usage().completionTokens()).isEqualTo(9);
	}

	@ParameterizedTest
	@CsvSource({ "429, ThrottlingException, Too many requests, RATE_LIMITED",
			"400, ServiceQuotaExceededException, Quota exceeded, RATE_LIMITED",
			"429, ModelNotReadyException, Model is not ready, SERVER_ERROR",
			"503, ServiceUnavailableException, Unavailable, SERVER_ERROR",
			"403, AccessDeniedException, You don't have access to the model, AUTHENTICATION_FAILED",
			"403, UnrecognizedClientException, The security token included in the request is invalid, AUTHENTICATION_FAILED",
			"403, ExpiredTokenException, The security token included in the request is expired, AUTHENTICATION_FAILED",
			"404, ResourceNotFoundException, Model not found, MODEL_NOT_FOUND",
			"400, ValidationException, Input is too long for requested model, CONTEXT_TOO_LONG",
			"400, ValidationException, Malformed input request, BAD_REQUEST" })
	void classifiesEachErrorByItsType(int status, String type, String message, AttemptOutcome outcome) {
		server.stubFor(post(CONVERSE).willReturn(aResponse().withStatus(status)
			.withHeader("Content-Type", "application/json")
			.withHeader("x-amzn-ErrorType", type + ":http://internal.amazon.com/coral/com.amazon.bedrock/")
			.withBody("{\"message\":\"" + message + "\"}")));

		ProviderException failure = failure(this.provider.chat(MODEL, ChatRequest.of("Hi")));

		assertThat(failure.getOutcome()).isEqualTo(outcome);
		assertThat(failure.getErrorCode()).isEqualTo(type);
		assertThat(failure.getMessage()).contains(message).doesNotContain(SECRET_KEY).doesNotContain(SESSION_TOKEN);
	}

	@Test
	void aTypeInTheBodyCountsWhenNoHeaderNamesOne() {
		server.stubFor(post(CONVERSE).willReturn(ProviderStubs.json(400,
				"{\"__type\":\"com.amazon.coral.availability#ThrottlingException\",\"message\":\"Slow down\"}")));

		assertThat(failure(this.provider.chat(MODEL, ChatRequest.of("Hi"))).getOutcome())
			.isEqualTo(AttemptOutcome.RATE_LIMITED);
	}

	@Test
	void aBareIdOfAProfileOnlyModelNamesTheInferenceProfileToUse() {
		server.stubFor(post(CONVERSE).willReturn(aResponse().withStatus(400)
			.withHeader("x-amzn-ErrorType", "ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/")
			.withBody("{\"message\":\"Invocation of model ID " + MODEL + " with on-demand throughput isn\u2019t "
					+ "supported. Retry your request with the ID or ARN of an inference profile that contains this "
					+ "model.\"}")));

		ProviderException failure = failure(this.provider.chat(MODEL, ChatRequest.of("Hi")));

		assertThat(failure.getOutcome()).isEqualTo(AttemptOutcome.MODEL_NOT_FOUND);
		assertThat(failure.getMessage()).contains("'us." + MODEL + "'");
	}

	@Test
	void missingCredentialsAreACredentialsFailureWithoutARequest() {
		LlmProvider noCredentials = new BedrockLlmProvider(
				new ProviderSettings("bedrock", server.baseUrl(), null, List.of(MODEL), Map.of(), 1024),
				WebClient.builder(), "us-east-1", server.baseUrl(),
				new SigV4RequestSigner((AwsCredentialsProvider) () -> {
					throw SdkClientException
						.create("Unable to load credentials from any of the providers in the chain");
				}, "us-east-1", CLOCK, io.github.fallbackllm.provider.SecretRedactor.of(List.of())));

		assertThat(failure(noCredentials.chat(MODEL, ChatRequest.of("Hi"))).getOutcome())
			.isEqualTo(AttemptOutcome.AUTHENTICATION_FAILED);
		assertThat(server.getAllServeEvents()).isEmpty();
	}

	@Test
	void listsFoundationModelsAndInferenceProfilesWithSignedRequests() {
		server.stubFor(get("/foundation-models").willReturn(ProviderStubs.ok("{\"modelSummaries\":[{\"modelId\":\""
				+ MODEL + "\",\"modelArn\":\"arn:aws:bedrock:us-east-1::foundation-model/" + MODEL + "\"}]}")));
		server.stubFor(get(urlPathEqualTo("/inference-profiles")).willReturn(ProviderStubs
			.ok("{\"inferenceProfileSummaries\":[{\"inferenceProfileId\":\"us." + MODEL + "\",\"inferenceProfileArn\":"
					+ "\"arn:aws:bedrock:us-east-1:123456789012:inference-profile/us." + MODEL + "\"}]}")));

		List<String> models = this.provider.listModels().block(Duration.ofSeconds(5));

		assertThat(models).contains(MODEL, "us." + MODEL,
				"arn:aws:bedrock:us-east-1:123456789012:inference-profile/us." + MODEL);
		server.verify(getRequestedFor(urlPathEqualTo("/inference-profiles")).withHeader("Authorization",
				com.github.tomakehurst.wiremock.client.WireMock.containing("AWS4-HMAC-SHA256")));
	}

	@Test
	void secretsStayOutOfToStringAndErrors() {
		ProviderSettings settings = new ProviderSettings("bedrock", server.baseUrl(), null, List.of(MODEL), Map.of(),
				1024, null, Map.of(), Map.of("region", "us-east-1", "access-key", ACCESS_KEY, "secret-key", SECRET_KEY,
						"session-token", SESSION_TOKEN));
		server.stubFor(post(CONVERSE).willReturn(ProviderStubs.json(403,
				"{\"message\":\"Bad token " + SESSION_TOKEN + " for secret " + SECRET_KEY + "\"}")));

		ProviderException failure = failure(this.provider.chat(MODEL, ChatRequest.of("Hi")));

		assertThat(settings.toString()).doesNotContain(SECRET_KEY).doesNotContain(SESSION_TOKEN);
		assertThat(this.provider.toString()).doesNotContain(SECRET_KEY).doesNotContain(SESSION_TOKEN);
		assertThat(failure.getMessage()).doesNotContain(SECRET_KEY).doesNotContain(SESSION_TOKEN);
	}

	static ProviderException failure(reactor.core.publisher.Mono<?> call) {
		try {
			call.block(Duration.ofSeconds(5));
		}
		catch (ProviderException ex) {
			return ex;
		}
		throw new AssertionError("expected a ProviderException");
	}

}
