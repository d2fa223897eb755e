package io.github.fallbackllm.autoconfigure;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.fallbackllm.testsupport.ProviderStubs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.github.fallbackllm.health.ModelListStubs.openAiModels;
import static io.github.fallbackllm.testsupport.ProviderStubs.json;
import static io.github.fallbackllm.testsupport.ProviderStubs.ok;
import static io.github.fallbackllm.testsupport.ProviderStubs.openAiError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LlmProviderStartupVerifier}: {@code verify-on-startup} against a
 * WireMock provider.
 */
@ExtendWith(OutputCaptureExtension.class)
class LlmProviderStartupVerifierTests {

	private static final String KEY = "sk-proj-verifier0123456789abcdefSECRET";

	@RegisterExtension
	static WireMockExtension server = ProviderStubs.server();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(FallbackLlmAutoConfiguration.class))
		.withPropertyValues("llm.fallback.providers[0].name=openai", "llm.fallback.providers[0].type=openai",
				"llm.fallback.providers[0].base-url=" + server.baseUrl() + "/v1",
				"llm.fallback.providers[0].api-key=" + KEY, "llm.fallback.providers[0].models=gpt-4o,gpt-4o-mini");

	@Test
	void providersAreNotAskedAtStartupByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			server.verify(0, anyRequestedFor(anyUrl()));
		});
	}

	@Test
	void providerThatAcceptsTheKeyAndOffersTheModelsLetsTheApplicationStart() {
		server.stubFor(get("/v1/models").willReturn(ok(openAiModels("gpt-4o", "gpt-4o-mini", "o3"))));

		this.contextRunner.withPropertyValues("llm.fallback.validation.verify-on-startup=true").run((context) -> {
			assertThat(context).hasNotFailed();
			server.verify(1, getRequestedFor(urlEqualTo("/v1/models")));
			server.verify(0, postRequestedFor(anyUrl()));
		});
	}

	@Test
	void rejectedKeyStopsTheApplicationWithoutShowingTheKey() {
		server.stubFor(get("/v1/models")
			.willReturn(json(401, openAiError("invalid_request_error", "invalid_api_key", "Incorrect API key provided: "
					+ KEY + ". You can find your API key at https://platform.openai.com."))));

		this.contextRunner.withPropertyValues("llm.fallback.validation.verify-on-startup=true").run((context) -> {
			InvalidFallbackLlmConfigurationException failure = FallbackLlmAutoConfigurationTests
				.invalidConfiguration(context.getStartupFailure());
			assertThat(failure.isFoundByProviders()).isTrue();
			assertThat(failure.getProblems()).singleElement().satisfies((problem) -> {
				assertThat(problem.property()).isEqualTo("llm.fallback.providers[0].api-key");
				assertThat(problem.problem()).isEqualTo("was rejected by " + server.baseUrl()
						+ "/v1: rejected the credentials (HTTP 401): Incorrect API key provided: [REDACTED]. "
						+ "You can find your API key at https://platform.openai.com.");
			});
			assertThat(failure.getMessage()).doesNotContain(KEY, "verifier0123");
		});
	}

	@Test
	void verificationNeedsNoActuator() {
		server.stubFor(get("/v1/models").willReturn(
				json(401, openAiError("invalid_request_error", "invalid_api_key", "Incorrect API key provided"))));

		this.contextRunner
			.withClassLoader(
					new FilteredClassLoader("org.springframework.boot.health", "org.springframework.boot.actuate"))
			.withPropertyValues("llm.fallback.validation.verify-on-startup=true")
			.run((context) -> assertThat(
					FallbackLlmAutoConfigurationTests.invalidConfiguration(context.getStartupFailure()).getProblems())
				.extracting(ConfigurationProblem::property)
				.containsExactly("llm.fallback.providers[0].api-key"));
	}

	@Test
	void embeddingModelsAreVerifiedLikeChatModels() {
		server.stubFor(get("/v1/models").willReturn(ok(openAiModels("gpt-4o", "text-embedding-3-small"))));

		this.contextRunner
			.withPropertyValues("llm.fallback.validation.verify-on-startup=true",
					"llm.fallback.providers[0].models=gpt-4o,text-embedding-3-smal")
			.run((context) -> assertThat(
					FallbackLlmAutoConfigurationTests.invalidConfiguration(context.getStartupFailure()).getProblems())
				.singleElement()
				.satisfies((problem) -> {
					assertThat(problem.property()).isEqualTo("llm.fallback.providers[0].models[1]");
					assertThat(problem.action()).contains("text-embedding-3-small");
				}));
		server.verify(0, postRequestedFor(anyUrl()));
	}

	@Test
	void modelsTheProviderDoesNotOfferStopTheApplicationWithTheClosestOfferedNames() {
		server.stubFor(get("/v1/models").willReturn(ok(openAiModels("gpt-4o", "gpt-4o-mini"))));

		this.contextRunner
			.withPropertyValues("llm.fallback.validation.verify-on-startup=true",
					"llm.fallback.providers[0].models=gpt4o,gpt-4o-mini,llama-3-70b")
			.run((context) -> assertThat(
					FallbackLlmAutoConfigurationTests.invalidConfiguration(context.getStartupFailure()).getProblems())
				.satisfiesExactly((gpt4o) -> {
					assertThat(gpt4o.property()).isEqualTo("llm.fallback.providers[0].models[0]");
					assertThat(gpt4o.problem()).isEqualTo("'gpt4o' is not offered by " + server.baseUrl() + "/v1");
					assertThat(gpt4o.action()).isEqualTo("use 'gpt-4o', the closest name it offers");
				}, (llama) -> {
					assertThat(llama.property()).isEqualTo("llm.fallback.providers[0].models[2]");
					assertThat(llama.action()).isEqualTo("use a model that " + server.baseUrl() + "/v1 lists");
				}));
	}

	@Test
	void unreachableProviderIsLoggedAndLeftToFallback(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("llm.fallback.validation.verify-on-startup=true",
					"llm.fallback.providers[0].base-url=http://127.0.0.1:1/v1")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).contains("LLM provider 'openai' could not be verified at startup (network error")
					.contains("starting anyway");
			});
	}

	@Test
	void providerWithoutModelListIsLoggedAndLeftToFallback(CapturedOutput output) {
		server.stubFor(get("/v1/models").willReturn(json(404, "{\"error\":{\"message\":\"Not found\"}}")));

		this.contextRunner.withPropertyValues("llm.fallback.validation.verify-on-startup=true").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).contains("LLM provider 'openai' could not be verified at startup "
					+ "(offers no model list (HTTP 404)); starting anyway");
		});
	}

}
