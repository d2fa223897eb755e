package io.github.fallbackllm.autoconfigure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.MapPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every rule of {@link FallbackLlmPropertiesValidator}, through the auto-configuration:
 * each misconfiguration stops the context with a problem that names the property and what
 * to do, and never shows a secret.
 */
class FallbackLlmPropertiesValidatorTests {

	private static final String KEY = "sk-proj-validator0123456789abcdefSECRET";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(FallbackLlmAutoConfiguration.class));

	@Test
	void validConfigurationStarts() {
		this.contextRunner.withPropertyValues(provider(0).toArray(String[]::new))
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void noProviderIsAProblem() {
		assertProblem(List.of(), "llm.fallback.providers", "no provider is configured", "llm.fallback.enabled=false");
	}

	@Test
	void missingNameIsAProblem() {
		assertProblem(without(provider(0), "name"), "llm.fallback.providers[0].name", "is missing",
				"give the provider a unique name");
	}

	@Test
	void blankNameIsAProblem() {
		assertProblem(with(provider(0), "name=  "), "llm.fallback.providers[0].name", "is missing", "unique name");
	}

	@Test
	void nameWithCharactersUnfitForHealthAndLogsIsAProblem() {
		assertProblem(with(provider(0), "name=open ai/1"), "llm.fallback.providers[0].name",
				"'open ai/1' has characters other than letters, digits", "rename it");
	}

	@Test
	void duplicateNameIsAProblem() {
		List<String> properties = new ArrayList<>(provider(0));
		properties.addAll(with(provider(1), "name=openai"));
		assertProblem(properties, "llm.fallback.providers[1].name",
				"'openai' is also the name of llm.fallback.providers[0]", "give each provider a unique name");
	}

	@Test
	void unknownTypeIsAProblemThatListsTheValidTypes() {
		assertProblem(with(provider(0), "type=openia"), "llm.fallback.providers[0].type",
				"'openia' is not a known type; did you mean 'openai'?",
				"use one of anthropic, azure-openai, bedrock, deepseek, fireworks, gemini, groq, mistral, ollama, openai, "
						+ "openrouter, together, vertex, vllm, xai");
	}

	@Test
	void missingTypeWithoutProviderBeanIsAProblem() {
		assertProblem(without(provider(0), "type"), "llm.fallback.providers[0].type", "is missing",
				"set it to one of anthropic, azure-openai, bedrock, deepseek, fireworks, gemini, groq, mistral, ollama, openai, "
						+ "openrouter, together, vertex, vllm, xai, or declare an LlmProvider bean named 'openai'");
	}

	@Test
	void typedEntryWithTheNameOfAProviderBeanIsAProblem() {
		this.contextRunner.withPropertyValues(provider(0).toArray(String[]::new))
			.withBean("openAiBean", io.github.fallbackllm.provider.LlmProvider.class,
					() -> new FallbackLlmAutoConfigurationTests.NamedProvider("openai"))
			.run((context) -> assertThat(problems(context.getStartupFailure())).anySatisfy(problem(
					"llm.fallback.providers[0].name", "'openai' is also the name of an LlmProvider bean", "rename")));
	}

	@Test
	void missingKeyForThePublicEndpointIsAProblem() {
		assertProblem(without(without(provider(0), "api-key"), "base-url"), "llm.fallback.providers[0].api-key",
				"is missing (https://api.openai.com/v1 requires a key)", "api-key: ${OPENAI_API_KEY}");
	}

	@Test
	void missingKeyIsAllowedForAnEndpointOfYourOwn() {
		this.contextRunner.withPropertyValues(without(provider(0), "api-key").toArray(String[]::new))
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void blankKeyIsAProblem() {
		Map<String, Object> source = new HashMap<>();
		provider(0).forEach((property) -> source.put(property.substring(0, property.indexOf('=')),
				property.substring(property.indexOf('=') + 1)));
		// TestPropertyValues trims values: a blank key needs a source of its own.
		source.put("llm.fallback.providers[0].api-key", "   ");
		this.contextRunner
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("blank", source)))
			.run((context) -> assertThat(problems(context.getStartupFailure())).singleElement()
				.satisfies(problem("llm.fallback.providers[0].api-key", "is blank (<3 characters, hidden>)",
						"api-key: ${OPENAI_API_KEY}")));
	}

	@ParameterizedTest
	@ValueSource(strings = { "your_openai_api_key", "YOUR_API_KEY", "changeme", "<your-api-key>", "xxx", "sk-...",
			"sk-xxxxxxxxxxxxxxxx", "sk-proj-xxxxxxxx", "sk-ant-api03-****", "api-key", "sk-your-key-here", "TODO" })
	void placeholderKeyIsAProblemAndIsNotShown(String placeholder) {
		this.contextRunner.withPropertyValues(with(provider(0), "api-key=" + placeholder).toArray(String[]::new))
			.run((context) -> {
				InvalidFallbackLlmConfigurationException failure = FallbackLlmAutoConfigurationTests
					.invalidConfiguration(context.getStartupFailure());
				assertThat(failure.getProblems()).singleElement()
					.satisfies(problem("llm.fallback.providers[0].api-key",
							"looks like a placeholder, not a key (<" + placeholder.length() + " characters, hidden>)",
							"replace it with the real key"));
				assertThat(failure.getProblems().get(0).problem()).doesNotContain(placeholder);
			});
	}

	@Test
	void unresolvedPlaceholderIsAProblemThatNamesTheVariable() {
		this.contextRunner
			.withPropertyValues(with(provider(0), "api-key=${FALLBACK_TEST_UNSET_KEY}").toArray(String[]::new))
			.run((context) -> assertThat(problems(context.getStartupFailure())).singleElement()
				.satisfies(problem("llm.fallback.providers[0].api-key",
						"was never resolved: FALLBACK_TEST_UNSET_KEY is not set",
						"set the environment variable FALLBACK_TEST_UNSET_KEY, or give the placeholder a default")));
	}

	@Test
	void keyWithWhitespaceIsAProblemAndIsNotShown() {
		this.contextRunner
			.withPropertyValues(with(provider(0), "api-key=" + KEY.substring(0, 10) + " " + KEY.substring(10))
				.toArray(String[]::new))
			.run((context) -> {
				InvalidFallbackLlmConfigurationException failure = FallbackLlmAutoConfigurationTests
					.invalidConfiguration(context.getStartupFailure());
				assertThat(failure.getProblems()).singleElement()
					.satisfies(
							problem("llm.fallback.providers[0].api-key", "contains whitespace", "remove the spaces"));
				assertThat(failure.getMessage()).doesNotContain(KEY.substring(0, 10), KEY.substring(10));
			});
	}

	@Test
	void realLookingKeysAreAccepted() {
		for (String key : List.of(KEY, "sk-ant-AbCdEf0123-xyZ_a", "gsk_0123456789abcdefABCDEF")) {
			this.contextRunner.withPropertyValues(with(provider(0), "api-key=" + key).toArray(String[]::new))
				.run((context) -> assertThat(context).hasNotFailed());
		}
	}

	@Test
	void noModelsIsAProblem() {
		assertProblem(without(provider(0), "models"), "llm.fallback.providers[0].models", "is empty",
				"list the models to try");
	}

	@Test
	void blankModelIsAProblem() {
		assertProblem(with(without(provider(0), "models"), "models[0]=gpt-4o", "models[1]= "),
				"llm.fallback.providers[0].models[1]", "is blank", "name a model or remove the entry");
	}

	@Test
	void duplicateModelIsAProblem() {
		assertProblem(with(provider(0), "models=gpt-4o,gpt-4o"), "llm.fallback.providers[0].models[1]",
				"'gpt-4o' is listed twice", "remove the duplicate");
	}

	@ParameterizedTest
	@ValueSource(strings = { "api.openai.com/v1", "ftp://api.openai.com/v1", "http://", "http://exa mple.com" })
	void malformedBaseUrlIsAProblem(String baseUrl) {
		assertProblem(with(provider(0), "base-url=" + baseUrl), "llm.fallback.providers[0].base-url",
				"'" + baseUrl + "' is not an http(s) URL", "use a URL such as https://api.openai.com/v1");
	}

	@ParameterizedTest
	@ValueSource(strings = { "llm.fallback.timeout", "llm.fallback.providers[0].connect-timeout",
			"llm.fallback.providers[0].response-timeout", "llm.fallback.retry.max-delay",
			"llm.fallback.cooldown.duration", "llm.fallback.cooldown.long-duration",
			"llm.fallback.providers[0].cooldown.duration", "llm.fallback.stream.first-token-timeout",
			"llm.fallback.providers[0].stream.idle-timeout", "llm.fallback.health.cache-ttl",
			"llm.fallback.health.timeout", "llm.fallback.health.probe-interval" })
	void zeroOrNegativeDurationIsAProblem(String property) {
		for (String value : List.of("0s", "-5s")) {
			List<String> properties = new ArrayList<>(provider(0));
			properties.add(property + "=" + value);
			assertProblem(
					properties, property, "must be longer than 0 (is "
							+ java.time.Duration.parse(value.equals("0s") ? "PT0S" : "PT-5S") + ")",
					"set a positive duration");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "llm.fallback.timeout=300000d", "llm.fallback.providers[0].response-timeout=400d",
			"llm.fallback.retry.delay=400d", "llm.fallback.retry.max-delay=400d", "llm.fallback.retry.jitter=400d",
			"llm.fallback.retry.max-retry-after=400d", "llm.fallback.cooldown.duration=400d",
			"llm.fallback.cooldown.long-duration=999999999999d",
			"llm.fallback.providers[0].cooldown.long-duration=400d", "llm.fallback.stream.first-token-timeout=400d",
			"llm.fallback.providers[0].stream.idle-timeout=400d", "llm.fallback.health.cache-ttl=400d",
			"llm.fallback.health.timeout=400d", "llm.fallback.health.probe-interval=400d" })
	void durationLongerThanTimersAndClocksHoldIsAProblem(String entry) {
		List<String> properties = new ArrayList<>(provider(0));
		properties.add(entry);
		String property = entry.substring(0, entry.indexOf('='));
		assertProblem(properties, property, "must be at most 365 days (is ", "set a duration such as");
	}

	@Test
	void connectTimeoutLongerThanNettyHoldsIsAProblem() {
		assertProblem(with(provider(0), "connect-timeout=30d"), "llm.fallback.providers[0].connect-timeout",
				"must be at most 24 days (is PT720H)", "set a duration such as 5s");
	}

	@ParameterizedTest
	@ValueSource(strings = { "llm.fallback.retry.delay", "llm.fallback.retry.jitter",
			"llm.fallback.retry.max-retry-after", "llm.fallback.providers[0].retry.delay" })
	void negativeWaitIsAProblem(String property) {
		List<String> properties = new ArrayList<>(provider(0));
		properties.add(property + "=-1ms");
		assertProblem(properties, property, "must not be negative (is PT-0.001S)", "set a duration of 0 or more");
	}

	@Test
	void zeroWaitIsAllowed() {
		this.contextRunner.withPropertyValues(with(provider(0), "retry.delay=0s").toArray(String[]::new))
			.withPropertyValues("llm.fallback.retry.jitter=0s")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@ParameterizedTest
	@ValueSource(strings = { "-1", "11" })
	void retriesOutOfRangeAreAProblem(String maxRetries) {
		assertProblem(with(provider(0), "retry.max-retries=" + maxRetries),
				"llm.fallback.providers[0].retry.max-retries", "must be between 0 and 10 (is " + maxRetries + ")",
				"retry less");
	}

	@ParameterizedTest
	@ValueSource(strings = { "0.5", "11" })
	void multiplierOutOfRangeIsAProblem(String multiplier) {
		List<String> properties = new ArrayList<>(provider(0));
		properties.add("llm.fallback.retry.multiplier=" + multiplier);
		assertProblem(properties, "llm.fallback.retry.multiplier",
				"must be between 1 and 10 (is " + Double.parseDouble(multiplier) + ")", "use 2");
	}

	@Test
	void failureThresholdBelowOneIsAProblem() {
		List<String> properties = new ArrayList<>(provider(0));
		properties.add("llm.fallback.cooldown.failure-threshold=0");
		assertProblem(properties, "llm.fallback.cooldown.failure-threshold", "must be at least 1 (is 0)", "such as 3");
	}

	@Test
	void responseSizeOfZeroIsAProblem() {
		assertProblem(with(provider(0), "max-response-size=0"), "llm.fallback.providers[0].max-response-size",
				"must be more than 0 and at most 2GB (is 0B)", "set a size such as 10MB");
	}

	@Test
	void everyProblemIsReportedAtOnceInPropertyOrder() {
		List<String> properties = new ArrayList<>(with(provider(0), "api-key=changeme", "models= "));
		properties.addAll(without(with(provider(1), "type=antropic"), "name"));
		properties.add("llm.fallback.timeout=0s");
		this.contextRunner.withPropertyValues(properties.toArray(String[]::new))
			.run((context) -> assertThat(problems(context.getStartupFailure()))
				.extracting(ConfigurationProblem::property)
				.containsExactly("llm.fallback.timeout", "llm.fallback.providers[0].api-key",
						"llm.fallback.providers[0].models", "llm.fallback.providers[1].name",
						"llm.fallback.providers[1].type"));
	}

	private void assertProblem(List<String> properties, String property, String problem, String action) {
		this.contextRunner.withPropertyValues(properties.toArray(String[]::new)).run((context) -> {
			InvalidFallbackLlmConfigurationException failure = FallbackLlmAutoConfigurationTests
				.invalidConfiguration(context.getStartupFailure());
			assertThat(failure.getProblems()).anySatisfy(problem(property, problem, action));
			assertThat(failure.getMessage()).contains(property + ": ").doesNotContain(KEY);
		});
	}

	private static Consumer<ConfigurationProblem> problem(String property, String problem, String action) {
		return (found) -> {
			assertThat(found.property()).isEqualTo(property);
			assertThat(found.problem()).contains(problem);
			assertThat(found.action()).contains(action);
		};
	}

	private static List<ConfigurationProblem> problems(Throwable failure) {
		return FallbackLlmAutoConfigurationTests.invalidConfiguration(failure).getProblems();
	}

	/** A valid OpenAI entry on an endpoint of one's own, at the given index. */
	static List<String> provider(int index) {
		String prefix = "llm.fallback.providers[" + index + "].";
		return List.of(prefix + "name=" + ((index == 0) ? "openai" : "provider" + index), prefix + "type=openai",
				prefix + "base-url=http://localhost:8089/v1", prefix + "api-key=" + KEY, prefix + "models=gpt-4o");
	}

	private static List<String> with(List<String> properties, String... entries) {
		String prefix = properties.get(0).substring(0, properties.get(0).indexOf("].") + 2);
		List<String> result = new ArrayList<>();
		for (String property : properties) {
			String key = property.substring(prefix.length(), property.indexOf('='));
			if (Arrays.stream(entries).noneMatch((entry) -> entry.startsWith(key + "="))) {
				result.add(property);
			}
		}
		Arrays.stream(entries).forEach((entry) -> result.add(prefix + entry));
		return result;
	}

	private static List<String> without(List<String> properties, String key) {
		return properties.stream().filter((property) -> !property.contains("]." + key + "=")).toList();
	}

}
