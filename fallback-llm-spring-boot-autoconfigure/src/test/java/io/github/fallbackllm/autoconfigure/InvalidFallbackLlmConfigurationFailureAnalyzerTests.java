package io.github.fallbackllm.autoconfigure;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Tests for {@link InvalidFallbackLlmConfigurationFailureAnalyzer}: the report an
 * application prints when it stops on an invalid configuration.
 */
@ExtendWith(OutputCaptureExtension.class)
class InvalidFallbackLlmConfigurationFailureAnalyzerTests {

	private static final String KEY = "sk-proj-analyzer0123456789abcdefSECRET";

	@Test
	void applicationWithInvalidConfigurationPrintsEveryProblemWithItsPropertyAndAction(CapturedOutput output) {
		SpringApplicationBuilder application = new SpringApplicationBuilder(Application.class)
			.web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off", "llm.fallback.timeout=0s",
					"llm.fallback.providers[0].name=openai", "llm.fallback.providers[0].type=openai",
					"llm.fallback.providers[0].api-key=" + KEY.substring(0, 12) + " " + KEY.substring(12),
					"llm.fallback.providers[0].models=gpt-4o", "llm.fallback.providers[1].name=claude",
					"llm.fallback.providers[1].type=antropic", "llm.fallback.providers[1].models=claude-sonnet-4-5");

		assertThatException().isThrownBy(application::run);

		assertThat(output.toString())
			.contains(
					"""
							***************************
							APPLICATION FAILED TO START
							***************************

							Description:

							The LLM fallback configuration has 3 problems:

							  llm.fallback.timeout: must be longer than 0 (is PT0S)
							    Action: set a positive duration, such as 30s

							  llm.fallback.providers[0].api-key: contains whitespace (<39 characters, hidden>)
							    Action: remove the spaces or line breaks copied along with the key

							  llm.fallback.providers[1].type: 'antropic' is not a known type; did you mean 'anthropic'?
							    Action: use one of anthropic, azure-openai, bedrock, deepseek, fireworks, gemini, groq, mistral, ollama, openai, \
							openrouter, together, vertex, vllm, xai

							Action:

							Fix the properties above in application.yml (or the environment variables behind them), or \
							set llm.fallback.validation.enabled=false to start anyway, or set llm.fallback.enabled=false to \
							turn the fallback chat service off.
							""")
			.doesNotContain(KEY.substring(0, 12), KEY.substring(12));
	}

	@Test
	void problemsFoundByProvidersSuggestStartingWithoutAskingThem() {
		InvalidFallbackLlmConfigurationException failure = new InvalidFallbackLlmConfigurationException(List
			.of(new ConfigurationProblem("llm.fallback.providers[0].models[0]",
					"'gpt4o' is not offered by https://api.openai.com/v1", "use 'gpt-4o', the closest name it offers")),
				true);

		FailureAnalysis analysis = new InvalidFallbackLlmConfigurationFailureAnalyzer().analyze(failure);

		assertThat(analysis.getDescription()).isEqualTo("""
				The LLM providers, asked at startup, reported 1 problem with the llm.fallback configuration:

				  llm.fallback.providers[0].models[0]: 'gpt4o' is not offered by https://api.openai.com/v1
				    Action: use 'gpt-4o', the closest name it offers""");
		assertThat(analysis.getAction())
			.contains("set llm.fallback.validation.verify-on-startup=false to start without asking the providers");
		assertThat(analysis.getCause()).isSameAs(failure);
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(FallbackLlmAutoConfiguration.class)
	static class Application {

	}

}
