package io.github.fallbackllm.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.health.LlmProviderProbe;
import io.github.fallbackllm.health.ModelCheck.MissingModel;
import io.github.fallbackllm.health.ProbeResult;
import io.github.fallbackllm.policy.FailurePolicy;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Lists each provider's models once all beans exist, before the application serves
 * traffic ({@code llm.fallback.validation.verify-on-startup}), and stops the application
 * on keys the provider rejects and models it does not offer. A provider that cannot be
 * reached is only logged: the chain falls back past it, so its outage must not keep the
 * application from starting.
 *
 * @author Fallback LLM contributors
 */
final class LlmProviderStartupVerifier implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(LlmProviderStartupVerifier.class);

	/** Hang guard on top of the probes' own timeouts. */
	private static final Duration GRACE = Duration.ofSeconds(5);

	private final LlmProviderChain chain;

	private final FailurePolicy policy;

	private final Duration timeout;

	LlmProviderStartupVerifier(LlmProviderChain chain, FailurePolicy policy, Duration timeout) {
		this.chain = chain;
		this.policy = policy;
		this.timeout = timeout;
	}

	@Override
	public void afterSingletonsInstantiated() {
		List<ConfigurationProblem> problems = verify();
		if (!problems.isEmpty()) {
			throw new InvalidFallbackLlmConfigurationException(problems, true);
		}
	}

	/**
	 * Probe every provider of the chain.
	 * @return the problems found
	 */
	List<ConfigurationProblem> verify() {
		List<LlmProviderChain.Link> links = this.chain.links();
		List<ProbeResult> results = Flux.fromIterable(links)
			.flatMapSequential((link) -> new LlmProviderProbe(link.provider(), this.policy, this.chain.advice(),
					this.chain.redactor(), this.timeout, Duration.ZERO, Clock.systemUTC())
				.probe())
			.collectList()
			.block(this.timeout.plus(GRACE));
		List<ConfigurationProblem> problems = new ArrayList<>();
		for (int i = 0; i < links.size(); i++) {
			problems.addAll(problems(links.get(i), results.get(i)));
		}
		return problems;
	}

	private List<ConfigurationProblem> problems(LlmProviderChain.Link link, ProbeResult result) {
		String name = link.provider().name();
		String prefix = link.configPrefix();
		String where = (link.baseUrl() != null) ? link.baseUrl() : "provider '" + name + "'";
		List<ConfigurationProblem> problems = new ArrayList<>();
		if (result.failure() == AttemptOutcome.AUTHENTICATION_FAILED) {
			problems.add(new ConfigurationProblem((prefix != null) ? prefix + ".api-key" : "provider '" + name + "'",
					"was rejected by " + where + ": " + result.error(),
					"set a key that the provider accepts and that may list models"));
		}
		for (MissingModel missing : result.missingModels()) {
			problems.add(new ConfigurationProblem(
					(prefix != null) ? prefix + ".models[" + missing.index() + "]" : "provider '" + name + "'",
					"'" + missing.model() + "' is not offered by " + where,
					(missing.suggestion() != null) ? "use '" + missing.suggestion() + "', the closest name it offers"
							: "use a model that " + where + " lists"));
		}
		if (problems.isEmpty() && result.failure() != null) {
			logger.warn("LLM provider '" + name + "' could not be verified at startup ("
					+ ((result.error() != null) ? result.error() : result.summary()) + "); starting anyway");
		}
		return problems;
	}

}
