package io.github.fallbackllm.sample.demo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.github.fallbackllm.autoconfigure.FallbackLlmProperties;
import io.github.fallbackllm.autoconfigure.InvalidFallbackLlmConfigurationException;
import io.github.fallbackllm.provider.LlmProvider;
import io.github.fallbackllm.sample.SampleApplication;
import io.github.fallbackllm.gateway.testsupport.OpenAiEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link DemoProvidersEnvironmentPostProcessor}, each on an application started
 * the way a user starts it.
 */
@ExtendWith(OutputCaptureExtension.class)
class DemoProvidersEnvironmentPostProcessorTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@Test
	void withoutProfileTheSampleRunsOnTheSimulatorAndItsVeryFirstRequestFallsBack() {
		try (ConfigurableApplicationContext context = run()) {
			assertThat(context.getEnvironment().getActiveProfiles()).isEmpty();
			assertThat(context.getEnvironment().getDefaultProfiles()).containsExactly("demo");
			assertThat(providerNames(context)).containsExactly("simulated-openai", "simulated-anthropic");
			WebTestClient client = client(context);
			client.post()
				.uri("/chat")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{\"message\": \"Hello\"}")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.content")
				.isEqualTo("This answer comes from the simulated Anthropic provider. You said: Hello")
				.jsonPath("$.provider")
				.isEqualTo("simulated-anthropic")
				.jsonPath("$.attempts[0].provider")
				.isEqualTo("simulated-openai")
				.jsonPath("$.attempts[0].outcome")
				.isEqualTo("rate_limited")
				.jsonPath("$.attempts[0].httpStatus")
				.isEqualTo(429)
				.jsonPath("$.attempts[0].cooldownMs")
				.isEqualTo(ProviderSimulator.RATE_LIMIT_WINDOW.toMillis())
				.jsonPath("$.attempts[1].provider")
				.isEqualTo("simulated-anthropic")
				.jsonPath("$.attempts[1].outcome")
				.isEqualTo("succeeded");
			byte[] stream = client.post()
				.uri("/v1/chat/completions")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(
						"{\"model\": \"any\", \"stream\": true, \"messages\": [{\"role\": \"user\", \"content\": \"Go\"}]}")
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.valueEquals("x-llm-attempts",
						"simulated-openai/sim-gpt-4o-mini=skipped, simulated-anthropic/sim-claude-sonnet-4-5=succeeded")
				.expectBody()
				.returnResult()
				.getResponseBody();
			List<String> data = OpenAiEvents.data(new String(stream, StandardCharsets.UTF_8));
			assertThat(data).last().isEqualTo("[DONE]");
			assertThat(OpenAiEvents.json(data)
				.stream()
				.map((chunk) -> chunk.at("/choices/0/delta/content"))
				.filter(JsonNode::isString)
				.map(JsonNode::asString))
				.containsExactly(Stream
					.concat(Stream.of(""),
							Stream.of("This answer comes from the simulated Anthropic provider. You said: Go"
								.split("(?<= )")))
					.toArray(String[]::new));
		}
	}

	@Test
	void simulatedProvidersListTheirModelsUntilTheApplicationStops() {
		String modelsUrl;
		try (ConfigurableApplicationContext context = run()) {
			for (LlmProvider provider : context.getBeanProvider(LlmProvider.class)) {
				assertThat(provider.listModels().block(TIMEOUT)).containsExactlyElementsOf(provider.models());
			}
			modelsUrl = context.getEnvironment().getProperty(DemoProvidersEnvironmentPostProcessor.OPENAI_URL_PROPERTY)
					+ "/models";
			assertThat(modelsUrl).startsWith("http://127.0.0.1:");
		}
		assertThatExceptionOfType(WebClientRequestException.class)
			.isThrownBy(() -> WebClient.create(modelsUrl).get().retrieve().toBodilessEntity().block(TIMEOUT));
	}

	@Test
	void simulatorStopsWhenTheApplicationFailsToStart(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run("--llm.fallback.timeout=0s"))
			.havingRootCause()
			.isInstanceOf(InvalidFallbackLlmConfigurationException.class);
		Matcher url = Pattern.compile("primary that is over its rate limit at (http://127\\.0\\.0\\.1:\\d+/openai/v1)")
			.matcher(output.getOut());
		assertThat(url.find()).isTrue();
		assertThatExceptionOfType(WebClientRequestException.class).isThrownBy(
				() -> WebClient.create(url.group(1) + "/models").get().retrieve().toBodilessEntity().block(TIMEOUT));
	}

	@Test
	void liveProfileNeitherStartsTheSimulatorNorIncludesItsProviders() {
		try (ConfigurableApplicationContext context = run("--spring.profiles.active=live",
				"--OPENAI_API_KEY=sk-proj-live0123456789abcdef", "--ANTHROPIC_API_KEY=sk-ant-live0123456789")) {
			assertNoSimulator(context);
			assertThat(providerNames(context)).containsExactly("openai", "anthropic");
			assertThat(context.getBean(FallbackLlmProperties.class).getProviders())
				.allSatisfy((provider) -> assertThat(provider.getBaseUrl()).isNull());
		}
	}

	@Test
	void anyOtherProfileNeitherStartsTheSimulatorNorIncludesItsProviders() {
		try (ConfigurableApplicationContext context = run("--spring.profiles.active=staging",
				"--llm.fallback.providers[0].name=in-house", "--llm.fallback.providers[0].type=openai",
				"--llm.fallback.providers[0].base-url=http://127.0.0.1:9/v1",
				"--llm.fallback.providers[0].models[0]=in-house-model")) {
			assertNoSimulator(context);
			assertThat(providerNames(context)).containsExactly("in-house");
			client(context).get()
				.uri("/v1/models")
				.exchange()
				.expectBody()
				.jsonPath("$.data.length()")
				.isEqualTo(1)
				.jsonPath("$.data[0].id")
				.isEqualTo("in-house-model");
		}
	}

	private static void assertNoSimulator(ConfigurableApplicationContext context) {
		assertThat(context.getEnvironment()
			.getPropertySources()
			.contains(DemoProvidersEnvironmentPostProcessor.PROPERTY_SOURCE_NAME)).isFalse();
		assertThat(context.getEnvironment().containsProperty(DemoProvidersEnvironmentPostProcessor.OPENAI_URL_PROPERTY))
			.isFalse();
		assertThat(context.containsBean(DemoProvidersEnvironmentPostProcessor.BEAN_NAME)).isFalse();
		assertThat(context.getBeanProvider(ProviderSimulator.class).stream()).isEmpty();
	}

	private static List<String> providerNames(ConfigurableApplicationContext context) {
		return context.getBeanProvider(LlmProvider.class).orderedStream().map(LlmProvider::name).toList();
	}

	private static ConfigurableApplicationContext run(String... args) {
		String[] arguments = Stream.concat(Stream.of("--server.port=0"), Stream.of(args)).toArray(String[]::new);
		return new SpringApplicationBuilder(SampleApplication.class).run(arguments);
	}

	private static WebTestClient client(ConfigurableApplicationContext context) {
		return WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + context.getEnvironment().getProperty("local.server.port"))
			.responseTimeout(TIMEOUT)
			.build();
	}

}
