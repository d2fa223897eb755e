package io.github.fallbackllm.policy;

import java.util.EnumMap;
import java.util.Map;

import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.policy.FailureDecision.Health;
import io.github.fallbackllm.policy.FailureDecision.Length;
import io.github.fallbackllm.policy.FailureDecision.Remedy;
import io.github.fallbackllm.policy.FailureDecision.Retry;
import io.github.fallbackllm.policy.FailureDecision.Scope;
import org.jspecify.annotations.Nullable;

/**
 * The one place that says what each {@link AttemptOutcome} means. The README's table
 * "What happens on each failure" is this class in words.
 *
 * @author Fallback LLM contributors
 */
public final class FailurePolicy {

	/** The policy the README describes. */
	public static final FailurePolicy STANDARD = new FailurePolicy();

	private final Map<AttemptOutcome, FailureDecision> decisions = new EnumMap<>(AttemptOutcome.class);

	private FailurePolicy() {
		// @formatter:off
		//      outcome                            retry              leave  cools           length              threshold  health          remedy
		decide(AttemptOutcome.RATE_LIMITED,          Retry.RETRY_AFTER, true,  Scope.TARGET,   Length.RETRY_AFTER, false,     Health.UNKNOWN, Remedy.NONE);
		decide(AttemptOutcome.QUOTA_EXCEEDED,        Retry.NEVER,       false, Scope.PROVIDER, Length.LONG,        false,     Health.DOWN,    Remedy.BILLING);
		decide(AttemptOutcome.SERVER_ERROR,          Retry.BACKOFF,     false, Scope.TARGET,   Length.RETRY_AFTER, true,      Health.DOWN,    Remedy.NONE);
		decide(AttemptOutcome.NETWORK_ERROR,         Retry.BACKOFF,     false, Scope.TARGET,   Length.RETRY_AFTER, true,      Health.DOWN,    Remedy.NONE);
		decide(AttemptOutcome.TIMEOUT,               Retry.BACKOFF,     true,  Scope.TARGET,   Length.RETRY_AFTER, true,      Health.DOWN,    Remedy.NONE);
		decide(AttemptOutcome.INVALID_RESPONSE,      Retry.NEVER,       false, Scope.TARGET,   Length.RETRY_AFTER, true,      Health.DOWN,    Remedy.NONE);
		decide(AttemptOutcome.AUTHENTICATION_FAILED, Retry.NEVER,       false, Scope.PROVIDER, Length.LONG,        false,     Health.DOWN,    Remedy.CREDENTIALS);
		decide(AttemptOutcome.MODEL_NOT_FOUND,       Retry.NEVER,       false, Scope.TARGET,   Length.LONG,        false,     Health.UNKNOWN, Remedy.MODEL);
		decide(AttemptOutcome.CONTEXT_TOO_LONG,      Retry.NEVER,       false, Scope.NONE,     Length.NONE,        false,     Health.UNKNOWN, Remedy.SHORTER_REQUEST);
		decide(AttemptOutcome.CONTENT_FILTERED,      Retry.NEVER,       false, Scope.NONE,     Length.NONE,        false,     Health.UNKNOWN, Remedy.NONE);
		decide(AttemptOutcome.UNSUPPORTED,           Retry.NEVER,       false, Scope.NONE,     Length.NONE,        false,     Health.UNKNOWN, Remedy.NONE);
		decide(AttemptOutcome.BAD_REQUEST,           Retry.NEVER,       false, Scope.NONE,     Length.NONE,        false,     Health.UNKNOWN, Remedy.NONE);
		// Not sent: says nothing about the provider.
		decide(AttemptOutcome.CLIENT_OVERLOADED,     Retry.NEVER,       false, Scope.NONE,     Length.NONE,        false,     Health.UNKNOWN, Remedy.CONNECTION_POOL);
		// Not failures, but every outcome has a decision so that lookups never miss.
		decide(AttemptOutcome.SUCCEEDED,             Retry.NEVER,       false, Scope.NONE,     Length.NONE,        false,     Health.UNKNOWN, Remedy.NONE);
		decide(AttemptOutcome.SKIPPED,               Retry.NEVER,       false, Scope.NONE,     Length.NONE,        false,     Health.UNKNOWN, Remedy.NONE);
		// @formatter:on
	}

	private void decide(AttemptOutcome outcome, Retry retry, boolean leave, Scope cools, Length length,
			boolean afterThreshold, Health health, Remedy remedy) {
		this.decisions.put(outcome, new FailureDecision(retry, leave, cools, length, afterThreshold, health, remedy));
	}

	/**
	 * Return what a failure means.
	 * @param outcome the failure
	 * @return the decision
	 */
	public FailureDecision decide(AttemptOutcome outcome) {
		return this.decisions.get(outcome);
	}

	/**
	 * Return what a user should change after a failure, in words.
	 * @param outcome the failure
	 * @param provider the provider's name
	 * @param modelIndex the failing model's position among the provider's models, or -1
	 * when the failure is not about one model
	 * @param model the failing model, or {@code null}
	 * @param advice how the user refers to what must change
	 * @return the action, or {@code null} when the failure is not the user's to fix
	 */
	public @Nullable String action(AttemptOutcome outcome, String provider, int modelIndex, @Nullable String model,
			FailureAdvice advice) {
		return switch (decide(outcome).remedy()) {
			case CREDENTIALS -> "check " + advice.credentials(provider);
			case BILLING -> "add credit or raise the quota in the provider's billing settings;"
					+ " this does not recover by itself";
			case MODEL -> (model != null && modelIndex >= 0)
					? "check " + advice.model(provider, modelIndex, model) + " and " + advice.endpoint(provider)
					: "check the models and " + advice.endpoint(provider);
			case SHORTER_REQUEST -> "shorten the conversation, or add a model with a larger context window";
			case CONNECTION_POOL ->
				"raise the connection pool (-Dreactor.netty.pool.maxConnections) or make fewer calls at once";
			case NONE -> null;
		};
	}

}
