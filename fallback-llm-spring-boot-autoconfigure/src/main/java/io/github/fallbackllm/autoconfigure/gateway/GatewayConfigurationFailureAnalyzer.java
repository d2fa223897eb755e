package io.github.fallbackllm.autoconfigure.gateway;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a {@link GatewayConfigurationException} as Boot's "APPLICATION FAILED TO START"
 * page: every problem with its property and what to do.
 *
 * @author Fallback LLM contributors
 */
class GatewayConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<GatewayConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, GatewayConfigurationException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Fix the properties above in application.yml (or the environment variables behind them), "
						+ "or set llm.fallback.gateway.enabled=false to turn the gateway off.",
				cause);
	}

}
