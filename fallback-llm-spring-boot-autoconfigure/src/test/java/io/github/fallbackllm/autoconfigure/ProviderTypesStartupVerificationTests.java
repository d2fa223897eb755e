package io.github.fallbackllm.autoconfigure;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.fallbackllm.testsupport.ProviderStubs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.github.fallbackllm.testsupport.ProviderStubs.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code verify-on-startup} reads each type's own model list and keeps its "did you mean"
 * suggestion: Ollama's {@code /api/tags}, Gemini's {@code models/} names, Azure's
 * deployments.
 */
class ProviderTypesStartupVerificationTests {

	@RegisterExtension
	static WireMockExtension server = ProviderStubs.server();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(FallbackLlmAutoConfiguration.class))
		.withPropertyValues("llm.fallback.validation.verify-on-startup=true", "llm.fallback.providers[0].name=local",
				// A busy machine must not turn a slow first answer into "unreachable".
				"llm.fallback.health.timeout=60s");

	@Test
	void ollamaIsCheckedAgainstItsTags() {
		server.stubFor(get("/api/tags").willReturn(ok("""
				{"models":[{"name":"llama3.2:latest","model":"llama3.2:latest","size":2019393189},
				 {"name":"qwen2.5:7b","model":"qwen2.5:7b","size":4683087332}]}""")));

		this.contextRunner
			.withPropertyValues("llm.fallback.providers[0].type=ollama",
					"llm.fallback.providers[0].base-url=" + server.baseUrl() + "/v1",
					"llm.fallback.providers[0].models=llama3.2,qwen2.5-7b")
			.run((context) -> assertMissing(context, 1, "qwen2.5:7b"));
	}

	@Test
	void geminiIsCheckedAgainstItsModelNamesWithoutPrefix() {
		server.stubFor(get("/v1beta/openai/models").willReturn(ok("""
				{"object":"list","data":[{"id":"models/gemini-2.5-flash","object":"model","owned_by":"google"}]}""")));

		this.contextRunner
			.withPropertyValues("llm.fallback.providers[0].type=gemini",
					"llm.fallback.providers[0].base-url=" + server.baseUrl() + "/v1beta/openai",
					"llm.fallback.providers[0].api-key=gemini-test-key-48a1",
					"llm.fallback.providers[0].models=gemini-2.5-flash,gemini-2.5-flsh")
			.run((context) -> assertMissing(context, 1, "gemini-2.5-flash"));
	}

	@Test
	void azureIsCheckedAgainstItsDeployments() {
		server.stubFor(get(urlEqualTo("/openai/deployments?api-version=2022-12-01")).willReturn(ok("""
				{"object":"list","data":[{"id":"prod-4o","model":"gpt-4o","object":"deployment"}]}""")));

		this.contextRunner.withPropertyValues("llm.fallback.providers[0].type=azure-openai",
				"llm.fallback.providers[0].base-url=" + server.baseUrl() + "/openai",
				"llm.fallback.providers[0].api-key=azure-test-key-93c2",
				"llm.fallback.providers[0].deployments.gpt-4o=prod-4o", "llm.fallback.providers[0].models=gpt-4o,gpt4o")
			.run((context) -> assertMissing(context, 1, "gpt-4o"));
	}

	private static void assertMissing(AssertableApplicationContext context, int index, String suggestion) {
		assertThat(FallbackLlmAutoConfigurationTests.invalidConfiguration(context.getStartupFailure()).getProblems())
			.singleElement()
			.satisfies((problem) -> {
				assertThat(problem.property()).isEqualTo("llm.fallback.providers[0].models[" + index + "]");
				assertThat(problem.action()).isEqualTo("use '" + suggestion + "', the closest name it offers");
			});
	}

}
