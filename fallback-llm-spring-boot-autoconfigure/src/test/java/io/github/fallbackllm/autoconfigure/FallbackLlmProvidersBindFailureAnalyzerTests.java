package io.github.fallbackllm.autoconfigure;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Tests for {@link FallbackLlmProvidersBindFailureAnalyzer}: failures to bind the
 * provider list are reported without the values, which may be keys.
 */
@ExtendWith(OutputCaptureExtension.class)
class FallbackLlmProvidersBindFailureAnalyzerTests {

	private static final String KEY = "sk-ant-bindfailure0123";

	@Test
	void keyOfALaterEntryFromAnEnvironmentVariableIsReportedWithoutTheKey(CapturedOutput output) {
		SpringApplicationBuilder application = application("llm.fallback.providers[0].name=openai",
				"llm.fallback.providers[0].type=openai", "llm.fallback.providers[0].base-url=http://localhost:1/v1",
				"llm.fallback.providers[0].models=gpt-4o", "llm.fallback.providers[1].name=anthropic",
				"llm.fallback.providers[1].type=anthropic", "llm.fallback.providers[1].models=claude-sonnet-4-5")
			.initializers((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new SystemEnvironmentPropertySource("test-systemEnvironment",
						Map.of("LLM_FALLBACK_PROVIDERS_1_API_KEY", KEY))));

		assertThatException().isThrownBy(application::run);

		assertThat(output).contains("""
				Description:

				Failed to bind llm.fallback.providers:

				    Property: llm.fallback.providers[1].api.key
				    Value: (hidden)
				    Origin: "LLM_FALLBACK_PROVIDERS_1_API_KEY" from property source "test-systemEnvironment"

				These entries were left unbound: Spring Boot binds the provider list from one property source only""")
			.contains("api-key: ${OPENAI_API_KEY}")
			.doesNotContain(KEY, "bindfailure0123");
	}

	@Test
	void valueThatCannotBeConvertedIsNotShown(CapturedOutput output) {
		SpringApplicationBuilder application = application("llm.fallback.providers[0].name=openai",
				"llm.fallback.providers[0].type=openai", "llm.fallback.providers[0].models=gpt-4o",
				"llm.fallback.providers[0].connect-timeout=" + KEY);

		assertThatException().isThrownBy(application::run);

		assertThat(output).contains("Failed to bind llm.fallback.providers")
			.contains("Property: llm.fallback.providers[0].connect-timeout")
			.contains("Value: (hidden)")
			.contains("Reason: ")
			.doesNotContain(KEY, "bindfailure0123");
	}

	@Test
	void otherPropertiesAreLeftToSpringBoot(CapturedOutput output) {
		SpringApplicationBuilder application = application("llm.fallback.timeout=two minutes");

		assertThatException().isThrownBy(application::run);

		assertThat(output).contains("Value: \"two minutes\"").doesNotContain("Value: (hidden)");
	}

	private static SpringApplicationBuilder application(String... properties) {
		return new SpringApplicationBuilder(Application.class).web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off")
			.properties(properties);
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(FallbackLlmAutoConfiguration.class)
	static class Application {

	}

}
