package io.github.fallbackllm.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.fallbackllm.FallbackChatService;
import io.github.fallbackllm.autoconfigure.FallbackLlmProperties;
import io.github.fallbackllm.autoconfigure.LlmProviderChain;
import io.github.fallbackllm.chat.AllProvidersFailedException;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.testsupport.ProviderStubs;
import io.github.fallbackllm.testsupport.RunningApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.github.fallbackllm.testsupport.ProviderStubs.anthropicError;
import static io.github.fallbackllm.testsupport.ProviderStubs.json;
import static io.github.fallbackllm.testsupport.ProviderStubs.openAiError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * An application whose providers echo the API key back in every error body, chat calls
 * and health probes alike. The key must not surface anywhere a person or a log collector
 * can read: logs, exceptions, {@code toString()}, and the actuator's health, env and
 * configprops endpoints, even with every value shown.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretLeakTests {

	private static final String OPENAI_KEY = "sk-proj-leak0123456789abcdefOPENAI";

	private static final String ANTHROPIC_KEY = "sk-ant-leak-CLAUDE";

	/** A key without a recognisable shape: only knowing it lets the redactor find it. */
	private static final String HEADER_TOKEN = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";

	/** Shapeless, with slashes that a provider may echo JSON-escaped as {@code \/}. */
	private static final String SLASHED_KEY = "k3y/0f1e2d3c/4b5a6978";

	/** A shapeless key that a provider echoes as its error's type and code. */
	private static final String CODE_KEY = "opaque-0123456789-CLAUDE";

	/** A key given as a base-url query parameter, as Gemini takes it. */
	private static final String URL_KEY = "AIzaSyUrlKey0123456789";

	/** A Google access token, minted by a stub token endpoint. */
	private static final String ACCESS_TOKEN = "ya29.leak-0123456789-VERTEX";

	/** A password in a base-url's user info. */
	private static final String URL_PASSWORD = "gw-pa55-0123456789";

	/** An AWS secret access key, with the slashes and pluses such keys have. */
	private static final String AWS_SECRET_KEY = "wJalr/LEAKSECRET+bPxRfiCYEXAMPLEKEY0123";

	private static final String AWS_SESSION_TOKEN = "FwoGZXIvYXdzLEAKSECRETsessionTOKEN0123456789";

	@RegisterExtension
	static WireMockExtension openai = ProviderStubs.server();

	@RegisterExtension
	static WireMockExtension anthropic = ProviderStubs.server();

	private RunningApplication application;

	@AfterEach
	void close() {
		if (this.application != null) {
			this.application.close();
		}
	}

	@Test
	void echoedKeysReachNoLogExceptionToStringOrActuatorOutput(CapturedOutput output) {
		openai.stubFor(post(anyUrl()).willReturn(json(401, openAiError("invalid_request_error", "invalid_api_key",
				"Incorrect API key provided: " + OPENAI_KEY + ", token " + HEADER_TOKEN))));
		openai.stubFor(get(anyUrl()).willReturn(json(401,
				openAiError("invalid_request_error", "invalid_api_key", "Incorrect API key provided: " + OPENAI_KEY))));
		anthropic.stubFor(post(anyUrl())
			.willReturn(json(401, anthropicError("authentication_error", "invalid x-api-key " + ANTHROPIC_KEY))));
		anthropic.stubFor(get(anyUrl())
			.willReturn(json(401, anthropicError("authentication_error", "invalid x-api-key " + ANTHROPIC_KEY))));
		this.application = start("llm.fallback.providers[0].name=openai", "llm.fallback.providers[0].type=openai",
				"llm.fallback.providers[0].base-url=" + openai.baseUrl() + "/v1",
				"llm.fallback.providers[0].api-key=" + OPENAI_KEY,
				"llm.fallback.providers[0].headers.X-Gateway-Token=" + HEADER_TOKEN,
				"llm.fallback.providers[0].models=gpt-4o", "llm.fallback.providers[1].name=anthropic",
				"llm.fallback.providers[1].type=anthropic",
				"llm.fallback.providers[1].base-url=" + anthropic.baseUrl() + "/v1",
				"llm.fallback.providers[1].api-key=" + ANTHROPIC_KEY,
				"llm.fallback.providers[1].models=claude-sonnet-4-5");

		List<String> surfaces = surfaces(output);

		assertThat(String.join("\n", surfaces)).as("the endpoints answered")
			.contains("\"llm\"")
			.contains("llm.fallback.providers[0].api-key");
		assertThat(surfaces).allSatisfy((surface) -> assertThat(surface).doesNotContain(OPENAI_KEY, ANTHROPIC_KEY,
				HEADER_TOKEN, "leak0123456789"));
	}

	@Test
	void keysEchoedInCodesEscapedOrFromTheBaseUrlReachNoSurface(CapturedOutput output) {
		String baseUrl = "http://gw-user:" + URL_PASSWORD + "@localhost:" + openai.getPort() + "/v1?key=" + URL_KEY;
		String escapedKey = SLASHED_KEY.replace("/", "\\/");
		String echo = "{\"detail\":\"invalid key " + escapedKey + "\",\"request\":\"" + baseUrl + "\"}";
		openai.stubFor(post(anyUrl()).willReturn(json(401, echo)));
		openai.stubFor(get(anyUrl()).willReturn(json(401, echo)));
		anthropic.stubFor(post(anyUrl()).willReturn(json(401, "{\"type\":\"error\",\"error\":{\"type\":\"" + CODE_KEY
				+ "\",\"code\":\"" + CODE_KEY + "\",\"message\":\"denied\"}}")));
		anthropic.stubFor(get(anyUrl()).willReturn(json(401, anthropicError(CODE_KEY, "denied"))));
		this.application = start("llm.fallback.providers[0].name=openai", "llm.fallback.providers[0].type=openai",
				"llm.fallback.providers[0].base-url=" + baseUrl, "llm.fallback.providers[0].api-key=" + SLASHED_KEY,
				"llm.fallback.providers[0].models=gpt-4o", "llm.fallback.providers[1].name=anthropic",
				"llm.fallback.providers[1].type=anthropic",
				"llm.fallback.providers[1].base-url=" + anthropic.baseUrl() + "/v1",
				"llm.fallback.providers[1].api-key=" + CODE_KEY, "llm.fallback.providers[1].models=claude-sonnet-4-5");

		List<String> surfaces = surfaces(output);

		assertThat(String.join("\n", surfaces)).as("the echoes were seen and the endpoints answered")
			.contains("invalid key [REDACTED]")
			.contains("localhost:" + openai.getPort() + "/v1?key=[REDACTED]");
		assertThat(surfaces).allSatisfy((surface) -> assertThat(surface).doesNotContain(SLASHED_KEY, escapedKey,
				"0f1e2d3c", URL_KEY, URL_PASSWORD, CODE_KEY));
	}

	@Test
	void awsCredentialsOfABedrockProviderReachNoSurface(CapturedOutput output) {
		String echo = "{\"message\":\"The security token " + AWS_SESSION_TOKEN + " signed with " + AWS_SECRET_KEY
				+ " is invalid\"}";
		openai.stubFor(post(anyUrl()).willReturn(json(403, echo).withHeader("x-amzn-ErrorType",
				"UnrecognizedClientException:http://internal.amazon.com/coral/com.amazon.coral.service/")));
		openai.stubFor(get(anyUrl()).willReturn(json(403, echo)));
		this.application = start("llm.fallback.providers[0].name=bedrock", "llm.fallback.providers[0].type=bedrock",
				"llm.fallback.providers[0].base-url=" + openai.baseUrl(), "llm.fallback.providers[0].region=us-east-1",
				"llm.fallback.providers[0].access-key=AKIDLEAKEXAMPLE0123",
				"llm.fallback.providers[0].secret-key=" + AWS_SECRET_KEY,
				"llm.fallback.providers[0].session-token=" + AWS_SESSION_TOKEN,
				"llm.fallback.providers[0].models=anthropic.claude-3-5-sonnet-20240620-v1:0");

		List<String> surfaces = surfaces(output);

		assertThat(String.join("\n", surfaces)).as("the echoes were seen and the endpoints answered")
			.contains("The security token [REDACTED]")
			.contains("llm.fallback.providers[0].secret-key");
		assertThat(surfaces).allSatisfy(
				(surface) -> assertThat(surface).doesNotContain(AWS_SECRET_KEY, AWS_SESSION_TOKEN, "LEAKSECRET"));
	}

	@Test
	void theServiceAccountKeyAndAccessTokensOfVertexReachNoSurface(CapturedOutput output, @TempDir Path directory)
			throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		String privateKey = Base64.getEncoder().encodeToString(generator.generateKeyPair().getPrivate().getEncoded());
		Path credentials = Files.writeString(directory.resolve("service-account.json"), """
				{"type":"service_account","project_id":"leak-project","private_key_id":"0123456789abcdef",
				 "private_key":"%s",
				 "client_email":"leak@leak-project.iam.gserviceaccount.com","client_id":"1","token_uri":"%s/token"}"""
			.formatted(pem(privateKey), openai.baseUrl()));
		openai.stubFor(post("/token").willReturn(json(200, """
				{"access_token":"%s","expires_in":3600,"token_type":"Bearer"}""".formatted(ACCESS_TOKEN))));
		openai.stubFor(post(anyUrl()).atPriority(10)
			.willReturn(json(401,
					"""
							{"error":{"code":401,"message":"Request had invalid authentication credentials.","status":"UNAUTHENTICATED"}}""")));
		this.application = start("llm.fallback.providers[0].name=vertex", "llm.fallback.providers[0].type=vertex",
				"llm.fallback.providers[0].base-url=" + openai.baseUrl() + "/v1",
				"llm.fallback.providers[0].project=leak-project", "llm.fallback.providers[0].location=us-central1",
				"llm.fallback.providers[0].credentials-file=" + credentials,
				"llm.fallback.providers[0].models=gemini-2.5-flash");

		List<String> surfaces = surfaces(output);

		assertThat(openai.findAll(postRequestedFor(urlPathMatching("/v1/.*")))).as("the token was used")
			.allSatisfy(
					(request) -> assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + ACCESS_TOKEN));
		assertThat(surfaces).allSatisfy((surface) -> assertThat(surface).doesNotContain(ACCESS_TOKEN,
				privateKey.substring(0, 64), privateKey.substring(privateKey.length() - 64)));
	}

	@Test
	void gatewayKeysReachNoLogErrorMetricOrActuatorOutput(CapturedOutput output) {
		String gatewayKey = "gw-team-a-9c1d5e7f3a2b4c6d8e0f";
		String wrongKey = "sk-proj-someone-elses-key-4b2a90";
		openai.stubFor(post(anyUrl()).willReturn(json(200, """
				{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o",
				 "choices":[{"index":0,"message":{"role":"assistant","content":"Hi"},"finish_reason":"stop"}],
				 "usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}""")));
		this.application = RunningApplication.start(
				(context) -> context.getEnvironment()
					.getPropertySources()
					.addFirst(new SystemEnvironmentPropertySource("test-systemEnvironment",
							Map.of("TEAM_A_GATEWAY_KEY", gatewayKey))),
				"management.endpoints.web.exposure.include=*", "management.endpoint.env.show-values=always",
				"management.endpoint.configprops.show-values=always", "logging.level.io.github.fallbackllm=DEBUG",
				"logging.level.org.springframework.web=DEBUG", "logging.level.org.springframework.http=DEBUG",
				"logging.level.reactor.netty.http.server=DEBUG", "llm.fallback.providers[0].name=openai",
				"llm.fallback.providers[0].type=openai",
				"llm.fallback.providers[0].base-url=" + openai.baseUrl() + "/v1",
				"llm.fallback.providers[0].api-key=" + OPENAI_KEY, "llm.fallback.providers[0].models=gpt-4o",
				"llm.fallback.gateway.keys[0].name=team-a", "llm.fallback.gateway.keys[0].key=${TEAM_A_GATEWAY_KEY}",
				"llm.fallback.gateway.keys[0].rpm=1");
		WebTestClient client = this.application.client();
		List<String> surfaces = new ArrayList<>();
		for (String authorization : List.of("Bearer " + gatewayKey, "Bearer " + gatewayKey, "Bearer " + wrongKey,
				"Basic " + wrongKey, "Bearer " + wrongKey + " " + gatewayKey)) {
			EntityExchangeResult<String> answer = client.post()
				.uri("/v1/chat/completions")
				.header("Authorization", authorization)
				.header("Content-Type", "application/json")
				.bodyValue("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
				.exchange()
				.expectBody(String.class)
				.returnResult();
			// The response only: the exchange's description shows the request's headers.
			surfaces.add(answer.getStatus() + " " + answer.getResponseHeaders() + " " + answer.getResponseBody());
		}
		for (String endpoint : List.of("/actuator/env", "/actuator/configprops",
				"/actuator/metrics/llm.fallback.gateway.key.requests",
				"/actuator/metrics/llm.fallback.gateway.key.rejections")) {
			surfaces
				.add(client.get().uri(endpoint).exchange().expectBody(String.class).returnResult().getResponseBody());
		}
		surfaces.add(output.getAll());
		assertThat(String.join("\n", surfaces)).as("the calls were answered and counted")
			.contains("\"choices\"", "rate_limit_exceeded", "invalid_api_key", "team-a", "TEAM_A_GATEWAY_KEY",
					"llm.fallback.gateway.keys[0].key", "\"tag\":\"reason\"")
			.contains("Refused a request of key 'team-a': rpm");
		assertThat(surfaces).allSatisfy((surface) -> assertThat(surface).doesNotContain(gatewayKey, wrongKey,
				"9c1d5e7f3a2b4c6d8e0f", "4b2a90"));
	}

	/**
	 * Everything a failing call and the actuator show: exceptions, attempts,
	 * {@code toString()}s, the health, env and configprops endpoints, then the logs.
	 */
	private List<String> surfaces(CapturedOutput output) {
		ConfigurableApplicationContext context = this.application.context();
		List<String> surfaces = new ArrayList<>();
		FallbackChatService chat = context.getBean(FallbackChatService.class);
		assertThatExceptionOfType(AllProvidersFailedException.class).isThrownBy(() -> chat.chat(ChatRequest.of("Hi")))
			.satisfies((ex) -> {
				surfaces.add(ex.getMessage());
				surfaces.add(ex.toString());
				ex.getAttempts().forEach((attempt) -> surfaces.add(attempt.toString()));
			});
		surfaces.add(context.getBean(FallbackLlmProperties.class).getProviders().toString());
		surfaces.add(context.getBean(LlmProviderChain.class).links().toString());
		WebTestClient client = this.application.client();
		for (String endpoint : List.of("/actuator/health", "/actuator/health/llm", "/actuator/env",
				"/actuator/configprops")) {
			surfaces
				.add(client.get().uri(endpoint).exchange().expectBody(String.class).returnResult().getResponseBody());
		}
		surfaces.add(output.getAll());
		assertThat(surfaces.get(surfaces.size() - 1)).as("the logs saw the failures")
			.contains("rejected the credentials");
		return surfaces;
	}

	/**
	 * A PKCS#8 key made at run time in PEM, escaped for JSON; the markers are split so
	 * that secret scanners do not flag the template.
	 */
	private static String pem(String base64) {
		return "-----BEGIN " + "PRIVATE KEY-----\\n" + base64 + "\\n-----END " + "PRIVATE KEY-----\\n";
	}

	/** Start the application with every actuator endpoint showing every value. */
	private static RunningApplication start(String... providers) {
		return RunningApplication.start(Stream
			.concat(Stream.of("management.endpoints.web.exposure.include=*",
					"management.endpoint.health.show-details=always", "management.endpoint.env.show-values=always",
					"management.endpoint.configprops.show-values=always"), Stream.of(providers))
			.toArray(String[]::new));
	}

}
