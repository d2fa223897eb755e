package io.github.fallbackllm.sample;

import io.github.fallbackllm.autoconfigure.ConfigurationProblem;
import io.github.fallbackllm.autoconfigure.InvalidFallbackLlmConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Tests for the sample application's configuration.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s")
@ExtendWith(OutputCaptureExtension.class)
class SampleApplicationTests {

	@Autowired
	private WebTestClient client;

	@Test
	void healthIsExposedWithDetails() {
		this.client.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP")
			.jsonPath("$.components.ping.status")
			.isEqualTo("UP")
			.jsonPath("$.components.diskSpace.details.total")
			.exists();
	}

	@Test
	void llmHealthShowsEachSimulatedProvider() {
		this.client.get()
			.uri("/actuator/health/llm")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP")
			.jsonPath("$.details['simulated-openai'].type")
			.isEqualTo("openai")
			.jsonPath("$.details['simulated-anthropic'].status")
			.isEqualTo("UP")
			.jsonPath("$.details['simulated-anthropic'].models[0]")
			.isEqualTo("sim-claude-sonnet-4-5");
	}

	@Test
	void liveProfileWithoutKeysFailsAtStartWithTheValidatorsReport(CapturedOutput output) {
		assertThatException()
			.isThrownBy(() -> new SpringApplicationBuilder(SampleApplication.class).run("--server.port=0",
					"--spring.profiles.active=live", "--OPENAI_API_KEY=", "--ANTHROPIC_API_KEY="))
			.havingRootCause()
			.isInstanceOfSatisfying(InvalidFallbackLlmConfigurationException.class,
					(ex) -> assertThat(ex.getProblems()).extracting(ConfigurationProblem::property)
						.containsExactly("llm.fallback.providers[0].api-key", "llm.fallback.providers[1].api-key"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("The LLM fallback configuration has 2 problems:")
			.contains("llm.fallback.providers[0].api-key: is missing (https://api.openai.com/v1 requires a key)")
			.contains("llm.fallback.providers[1].api-key: is missing (https://api.anthropic.com/v1 requires a key)")
			.contains("OPENAI_API_KEY");
	}

	@Test
	void startsWithoutAWarningAboutAnAutoConfigurationItCannotRead(CapturedOutput output) {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class)
			.run("--server.port=0")) {
			assertThat(context.isRunning()).isTrue();
		}
		assertThat(output).doesNotContain("Failed to introspect").doesNotContain("TypeNotPresentException");
	}

}
