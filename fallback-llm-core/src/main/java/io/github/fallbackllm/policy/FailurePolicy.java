package io.github.fallbackllm.policy;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.policy.FailureDecision.Health;
import io.github.fallbackllm.policy.FailureDecision.Length;
import io.github.fallbackllm.policy.FailureDecision.Remedy;
import io.github.fallbackllm.policy.FailureDecision.Retry;
import io.github.fallbackllm.policy.FailureDecision.Scope;
import org.jspecify.annotations.Nullable;

/**
 * The one place that says what each {@link AttemptOutcome} means. The README's table
 * "What happens on each failure" is {@link #STANDARD} in words; a route may override
 * parts of it ({@link #with(OutcomeOverrides)}). The router, the target states and the
 * health probe are given a policy; none of them looks one up.
 *
 * @author Fallback LLM contributors
 */
public final class FailurePolicy {

	/** The policy the README describes. */
	public static final FailurePolicy STANDARD = new FailurePolicy();

	private final Map<AttemptOutcome, FailureDecision> decisions = new EnumMap<>(AttemptOutcome.class);

	/** The failures that move on to the next target; empty for all. */
	private final Set<AttemptOutcome> fallbackOn;

	private FailurePolicy(FailurePolicy base, OutcomeOverrides overrides) {
		this.decisions.putAll(base.decisions);
		for (AttemptOutcome outcome : overrides.noCooldownOn()) {
			FailureDecision decision = this.decisions.get(outcome);
			this.decisions.put(outcome, new FailureDecision(decision.retry(), decision.leaveWhileOthersServe(),
					Scope.NONE, Length.NONE, false, decision.health(), decision.remedy()));
		}
		this.fallbackOn = overrides.fallbackOn().isEmpty() ? base.fallbackOn : overrides.fallbackOn();
	}

	private FailurePolicy() {
		this.fallbackOn = Set.of();
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
		decide(AttemptOutcome.HEDGED_OUT,            Retry.NEVER,       false, Scope.NONE,     Length.NONE,        false,     Health.UNKNOWN, Remedy.NONE);
		// @formatter:on
	}

	private void decide(AttemptOutcome outcome, Retry retry, boolean leave, Scope cools, Length length,
			boolean afterThreshold, Health health, Remedy remedy) {
		this.decisions.put(outcome, new FailureDecision(retry, leave, cools, length, afterThreshold, health, remedy));
	}

	/**
	 * Return a policy that differs from this one as the overrides say.
	 * @param overrides the overrides
	 * @return the policy, this one when the overrides change nothing
	 */
	public FailurePolicy with(OutcomeOverrides overrides) {
		return overrides.isEmpty() ? this : new FailurePolicy(this, overrides);
	}

	/**
	 * Return whether a failure moves on to the next target once the failing target's
	 * retries are spent, rather than ending the call.
	 * @param outcome the failure
	 * @return whether the call falls back
	 */
	public boolean movesOn(AttemptOutcome outcome) {
		return this.fallbackOn.isEmpty() || this.fallbackOn.contains(outcome);
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
