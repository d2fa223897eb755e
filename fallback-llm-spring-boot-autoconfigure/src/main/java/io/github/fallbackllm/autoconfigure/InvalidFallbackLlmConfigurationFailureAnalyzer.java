package io.github.fallbackllm.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports an {@link InvalidFallbackLlmConfigurationException} as Boot's "APPLICATION
 * FAILED TO START" page: every problem with its property and what to do.
 *
 * @author Fallback LLM contributors
 */
class InvalidFallbackLlmConfigurationFailureAnalyzer
		extends AbstractFailureAnalyzer<InvalidFallbackLlmConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidFallbackLlmConfigurationException cause) {
		String startAnyway = cause.isFoundByProviders()
				? "set llm.fallback.validation.verify-on-startup=false to start without asking the providers"
				: "set llm.fallback.validation.enabled=false to start anyway";
		return new FailureAnalysis(cause.getMessage(),
				"Fix the properties above in application.yml (or the environment variables behind them), or "
						+ startAnyway + ", or set llm.fallback.enabled=false to turn the fallback chat service off.",
				cause);
	}

}
