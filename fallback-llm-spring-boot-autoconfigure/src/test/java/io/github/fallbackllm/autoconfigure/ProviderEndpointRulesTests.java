package io.github.fallbackllm.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which endpoints need a key at startup ({@link ProviderEndpointRules}), through the
 * auto-configuration: every endpoint of every type that needs one, wherever its URL
 * points, unless it is on the local network or the entry says it needs none.
 */
class ProviderEndpointRulesTests {

	private static final String KEY = "test-key-5e8c1a7f3d9b";

	private static final String PREFIX = "llm.fallback.providers[0].";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(FallbackLlmAutoConfiguration.class));

	@ParameterizedTest
	@ValueSource(strings = { "openai", "anthropic", "azure-openai", "gemini", "groq", "mistral", "deepseek", "xai",
			"openrouter", "together", "fireworks" })
	void aMissingKeyIsReportedForEveryTypeThatNeedsOne(String type) {
		this.contextRunner.withPropertyValues(entry(type, "resource=my-resource")).run((context) -> {
			List<ConfigurationProblem> problems = problems(context);
			assertThat(problems).singleElement().satisfies((problem) -> {
				assertThat(problem.property()).isEqualTo(PREFIX + "api-key");
				assertThat(problem.problem()).startsWith("is missing (https://").endsWith(" requires a key)");
				assertThat(problem.action()).contains("_API_KEY}").contains("api-key-required: false");
			});
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "ollama", "vllm" })
	void keylessTypesNeedNoKey(String type) {
		this.contextRunner.withPropertyValues(entry(type)).run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void aRemoteEndpointOfTheOpenAiTypeNeedsAKeyToo() {
		this.contextRunner.withPropertyValues(entry("openai", "base-url=https://api.groq.com/openai/v1"))
			.run((context) -> assertThat(problems(context)).singleElement()
				.satisfies((problem) -> assertThat(problem.problem())
					.isEqualTo("is missing (https://api.groq.com/openai/v1 requires a key)")));
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://localhost:8080/v1", "http://127.0.0.1:8000/v1", "http://[::1]:8000/v1",
			"http://192.168.1.20:11434/v1", "http://10.0.0.7/v1", "http://172.20.0.3/v1", "http://[fd12::7]/v1",
			"http://llm-gateway:4000/v1", "http://host.docker.internal:11434/v1",
			"http://vllm.models.svc.cluster.local/v1", "http://gpu-box.local/v1" })
	void endpointsOnTheLocalNetworkNeedNoKey(String baseUrl) {
		this.contextRunner.withPropertyValues(entry("openai", "base-url=" + baseUrl))
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://llm.example.com/v1", "http://8.8.8.8/v1", "http://172.32.0.1/v1",
			"http://[2001:db8::1]/v1" })
	void endpointsBeyondTheLocalNetworkNeedAKey(String baseUrl) {
		this.contextRunner.withPropertyValues(entry("openai", "base-url=" + baseUrl))
			.run((context) -> assertThat(problems(context)).extracting(ConfigurationProblem::property)
				.containsExactly(PREFIX + "api-key"));
	}

	@Test
	void anEntryMaySayItsEndpointNeedsNoKey() {
		this.contextRunner
			.withPropertyValues(entry("openai", "base-url=https://gateway.example.com/v1", "api-key-required=false"))
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void anEntryMaySayALocalEndpointNeedsAKey() {
		this.contextRunner.withPropertyValues(entry("ollama", "api-key-required=true"))
			.run((context) -> assertThat(problems(context)).extracting(ConfigurationProblem::property)
				.containsExactly(PREFIX + "api-key"));
	}

	@Test
	void azureNeedsItsResourceOrABaseUrl() {
		this.contextRunner.withPropertyValues(entry("azure-openai", "api-key=" + KEY))
			.run((context) -> assertThat(problems(context)).singleElement().satisfies((problem) -> {
				assertThat(problem.property()).isEqualTo(PREFIX + "resource");
				assertThat(problem.action()).contains("https://{resource}.openai.azure.com/openai");
			}));
		this.contextRunner.withPropertyValues(entry("azure-openai", "api-key=" + KEY, "resource=my-resource"))
			.run((context) -> assertThat(context).hasNotFailed());
	}

	private static String[] entry(String type, String... more) {
		List<String> properties = new ArrayList<>(
				List.of(PREFIX + "name=" + type, PREFIX + "type=" + type, PREFIX + "models=some-model"));
		for (String property : more) {
			properties.add(PREFIX + property);
		}
		return properties.toArray(String[]::new);
	}

	private static List<ConfigurationProblem> problems(
			org.springframework.boot.test.context.assertj.AssertableApplicationContext context) {
		return FallbackLlmAutoConfigurationTests.invalidConfiguration(context.getStartupFailure()).getProblems();
	}

}
