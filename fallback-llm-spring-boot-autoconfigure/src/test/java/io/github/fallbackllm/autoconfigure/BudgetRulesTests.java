package io.github.fallbackllm.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The rules of declared budgets in the startup report, through the auto-configuration.
 */
@ExtendWith(OutputCaptureExtension.class)
class BudgetRulesTests {

	private static final String KEY = "sk-proj-budgets0123456789abcdefSECRET";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(FallbackLlmAutoConfiguration.class))
		.withPropertyValues("llm.fallback.providers[0].name=openai", "llm.fallback.providers[0].type=openai",
				"llm.fallback.providers[0].base-url=http://localhost:8089/v1",
				"llm.fallback.providers[0].api-key=" + KEY, "llm.fallback.providers[0].models=gpt-4o,gpt-4o-mini");

	@Test
	void twoRoutesGivingOneTargetDifferentLimitsAreReportedNamingBoth() {
		this.contextRunner
			.withPropertyValues("llm.fallback.providers[0].tpm=90000",
					"llm.fallback.routes.chat.groups[0].targets[0].target=openai/gpt-4o",
					"llm.fallback.routes.chat.groups[0].targets[0].rpm=500",
					"llm.fallback.routes.batch.groups[0].targets[0].target=openai/gpt-4o-mini",
					"llm.fallback.routes.batch.groups[1].targets[0].target=openai/ gpt-4o",
					"llm.fallback.routes.batch.groups[1].targets[0].rpm=50")
			.run((context) -> assertThat(
					FallbackLlmAutoConfigurationTests.invalidConfiguration(context.getStartupFailure()).getProblems())
				.singleElement()
				.satisfies((problem) -> {
					assertThat(problem.property()).isEqualTo("llm.fallback.routes.batch.groups[1].targets[0]");
					assertThat(problem.problem()).isEqualTo("gives openai/gpt-4o rpm 50 and tpm 90000 where "
							+ "llm.fallback.routes.chat.groups[0].targets[0] gives it rpm 500 and tpm 90000");
					assertThat(problem.action()).contains("llm.fallback.providers[i].rpm");
				}));
	}

	@Test
	void oneTargetMayRepeatItsLimitsInSeveralRoutes() {
		this.contextRunner
			.withPropertyValues("llm.fallback.providers[0].tpm=90000",
					"llm.fallback.routes.chat.groups[0].targets[0].target=openai/gpt-4o",
					"llm.fallback.routes.chat.groups[0].targets[0].rpm=500",
					"llm.fallback.routes.batch.groups[0].targets[0].target=openai/gpt-4o",
					"llm.fallback.routes.batch.groups[0].targets[0].rpm=500",
					"llm.fallback.routes.batch.groups[0].targets[0].tpm=90000")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void limitsAWindowCannotCountAreReported() {
		this.contextRunner
			.withPropertyValues("llm.fallback.providers[0].tpm=5000000000",
					"llm.fallback.routes.chat.groups[0].targets[0].target=openai/gpt-4o",
					"llm.fallback.routes.chat.groups[0].targets[0].rpm=-1")
			.run((context) -> assertThat(
					FallbackLlmAutoConfigurationTests.invalidConfiguration(context.getStartupFailure()).getProblems())
				.extracting(ConfigurationProblem::property, ConfigurationProblem::problem)
				.containsExactly(
						tuple("llm.fallback.providers[0].tpm", "must be between 0 and 4294967295 (is 5000000000)"),
						tuple("llm.fallback.routes.chat.groups[0].targets[0].rpm",
								"must be between 0 and 4294967295 (is -1)")));
	}

	@Test
	void aTokenLimitBelowWhatACallWithoutMaxTokensTakesIsLogged(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("llm.fallback.routes.chat.groups[0].targets[0].target=openai/gpt-4o",
					"llm.fallback.routes.chat.groups[0].targets[0].tpm=1000")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).contains("llm.fallback.routes.chat.groups[0].targets[0].tpm is 1000: a call that "
						+ "names no max tokens takes 4096 tokens of it up front");
			});
	}

}
