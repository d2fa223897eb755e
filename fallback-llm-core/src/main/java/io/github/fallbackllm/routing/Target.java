package io.github.fallbackllm.routing;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.fallbackllm.budget.OverBudget;
import io.github.fallbackllm.budget.LimitsReport;
import io.github.fallbackllm.budget.TargetBudget;
import io.github.fallbackllm.chat.Attempt;
import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.Capability;
import io.github.fallbackllm.chat.Durations;
import io.github.fallbackllm.event.FallbackListener;
import io.github.fallbackllm.event.FallbackListener.CooldownEnded;
import io.github.fallbackllm.event.FallbackListener.CooldownStarted;
import io.github.fallbackllm.policy.FailureAdvice;
import io.github.fallbackllm.policy.FailureDecision;
import io.github.fallbackllm.policy.FailureDecision.Scope;
import io.github.fallbackllm.policy.FailurePolicy;
import io.github.fallbackllm.provider.LlmProvider;
import io.github.fallbackllm.provider.ProviderException;
import io.github.fallbackllm.routing.selection.Candidate;
import io.github.fallbackllm.routing.selection.TargetStats;
import io.github.fallbackllm.state.Admission;
import io.github.fallbackllm.state.Cooldown;
import io.github.fallbackllm.state.CoolingChange;
import io.github.fallbackllm.state.Failure;
import io.github.fallbackllm.state.TargetState;
import org.jspecify.annotations.Nullable;
import reactor.util.context.Context;

import org.springframework.core.retry.RetryPolicy;

/**
 * One provider and model as a route uses it: the one object that admits calls to the
 * target and records what came of them, asking its route's {@link FailurePolicy} what a
 * failure means. Its states and statistics are shared with every route that uses the same
 * provider and model.
 *
 * @author Fallback LLM contributors
 */
final class Target implements Candidate {

	private final ProviderPolicies policies;

	private final String model;

	private final int modelIndex;

	private final int weight;

	private final TargetState state;

	private final TargetState providerState;

	private final TargetStats stats;

	private final boolean measured;

	private final TargetBudget budget;

	/** Carries the target's budget to the provider, which reports what answers said. */
	private final Context limitsReport;

	private final RetryPolicy retryPolicy;

	private final FailurePolicy policy;

	private final FailureAdvice advice;

	private final @Nullable FallbackListener listener;

	private final @Nullable String embeddingSpace;

	/**
	 * @param policies the provider's policies
	 * @param model the model
	 * @param modelIndex position of the model within the provider's models
	 * @param weight the target's weight in its group
	 * @param state the state of this model
	 * @param providerState the state of the provider as a whole
	 * @param stats what traffic measured on this model
	 * @param measured whether calls keep the statistics, for a strategy that reads them
	 * @param budget the rate limits left on this model
	 * @param policy what failures mean on the target's route
	 * @param advice how users refer to what they must change
	 * @param listener hears cooldowns start and end, or {@code null}
	 * @param embeddingSpace the embedding space of its vectors, or {@code null} if the
	 * model does not embed
	 */
	Target(ProviderPolicies policies, String model, int modelIndex, int weight, TargetState state,
			TargetState providerState, TargetStats stats, boolean measured, TargetBudget budget, FailurePolicy policy,
			FailureAdvice advice, @Nullable FallbackListener listener, @Nullable String embeddingSpace) {
		this.policies = policies;
		this.model = model;
		this.modelIndex = modelIndex;
		this.weight = weight;
		this.state = state;
		this.providerState = providerState;
		this.stats = stats;
		this.measured = measured;
		this.budget = budget;
		this.limitsReport = LimitsReport.into(Context.empty(), budget::learn);
		this.policy = policy;
		this.advice = advice;
		this.listener = listener;
		this.embeddingSpace = embeddingSpace;
		this.retryPolicy = policies.retry()
			.toRetryPolicy((failure) -> failure instanceof ProviderException classified
					&& policy.decide(classified.getOutcome()).retry() != FailureDecision.Retry.NEVER);
	}

	@Override
	public String provider() {
		return this.policies.provider().name();
	}

	@Override
	public String model() {
		return this.model;
	}

	@Override
	public int weight() {
		return this.weight;
	}

	@Override
	public TargetStats stats() {
		return this.stats;
	}

	boolean isMeasured() {
		return this.measured;
	}

	LlmProvider llmProvider() {
		return this.policies.provider();
	}

	ProviderPolicies policies() {
		return this.policies;
	}

	RetryPolicy retryPolicy() {
		return this.retryPolicy;
	}

	TargetState state() {
		return this.state;
	}

	TargetBudget budget() {
		return this.budget;
	}

	/** The context of an attempt, where its provider reports what its answer said. */
	Context limitsReport() {
		return this.limitsReport;
	}

	String name() {
		return provider() + "/" + this.model;
	}

	FailureDecision decide(AttemptOutcome outcome) {
		return this.policy.decide(outcome);
	}

	boolean movesOn(AttemptOutcome outcome) {
		return this.policy.movesOn(outcome);
	}

	/** Whether the model is an embedding model, which only embedding calls use. */
	boolean embeds() {
		return this.embeddingSpace != null;
	}

	/**
	 * The embedding space of the model's vectors, or {@code null} if it does not embed.
	 */
	@Nullable String embeddingSpace() {
		return this.embeddingSpace;
	}

	boolean supports(Set<Capability> required) {
		return required.isEmpty() || llmProvider().capabilities().containsAll(required);
	}

	/**
	 * Admit a call to both the provider and the model, taking their trial leases where
	 * they are recovering.
	 */
	Ticket admit(Instant now) {
		return admit(now, false);
	}

	/**
	 * Admit the one attempt of a call that found every target cooling down. A cooldown
	 * the provider asked for is honoured to the extent that such attempts go one at a
	 * time, as trials; a cooldown inferred from transient failures does not hold them
	 * back.
	 */
	Ticket admitDespiteCooldown(Instant now) {
		Cooldown cooldown = cooldown(now);
		return (cooldown != null && this.policy.decide(cooldown.cause()).askedByProvider()) ? admit(now, true)
				: Ticket.OPEN;
	}

	private Ticket admit(Instant now, boolean ignoreCooldown) {
		Admission provider = this.providerState.admit(now, ignoreCooldown);
		if (!provider.admitted()) {
			return new Ticket(provider, Admission.OPEN);
		}
		Admission model = this.state.admit(now, ignoreCooldown);
		if (!model.admitted() && provider == Admission.TRIAL) {
			this.providerState.releaseTrial();
		}
		return (provider == Admission.OPEN && model == Admission.OPEN) ? Ticket.OPEN : new Ticket(provider, model);
	}

	/**
	 * Give back the trial leases of a ticket, once: a lease freed twice could free
	 * another call's.
	 */
	void release(Ticket ticket) {
		if (ticket.releaseOnce()) {
			if (ticket.provider() == Admission.TRIAL) {
				this.providerState.releaseTrial();
			}
			if (ticket.model() == Admission.TRIAL) {
				this.state.releaseTrial();
			}
		}
	}

	/** The target answered: whatever cooled it down is over. */
	void answered() {
		if (this.providerState.answered() && this.listener != null) {
			this.listener.onCooldownEnded(new CooldownEnded(provider(), null));
		}
		if (this.state.answered() && this.listener != null) {
			this.listener.onCooldownEnded(new CooldownEnded(provider(), this.model));
		}
	}

	/** The target delivered a whole answer: its failures are no longer consecutive. */
	void succeeded() {
		answered();
		this.providerState.succeeded();
		this.state.succeeded();
	}

	/**
	 * Update the target's state after a failure, as the policy decides.
	 * @return the cooldown the failure started or extended, if any
	 */
	@Nullable Duration failed(ProviderException failure, String detail, Instant now) {
		FailureDecision decision = this.policy.decide(failure.getOutcome());
		if (!decision.counts()) {
			return null;
		}
		CooldownSettings settings = this.policies.cooldown();
		Duration retryAfter = failure.getRetryAfter();
		Duration length = switch (decision.length()) {
			case LONG -> settings.longDuration();
			case RETRY_AFTER -> min((retryAfter != null) ? retryAfter : settings.duration(), settings.longDuration());
			case NONE -> Duration.ZERO;
		};
		Failure seen = new Failure(now, failure.getOutcome(), failure.getHttpStatus(), detail);
		Cooldown cooldown = new Cooldown(now.plus(length), seen.outcome(), seen.describe());
		boolean wholeProvider = decision.cools() == Scope.PROVIDER;
		TargetState cooled = wholeProvider ? this.providerState : this.state;
		CoolingChange change = cooled.failed(seen, cooldown,
				decision.afterThreshold() ? settings.failureThreshold() : 1);
		if (change == CoolingChange.STARTED && this.listener != null) {
			this.listener.onCooldownStarted(new CooldownStarted(provider(), wholeProvider ? null : this.model, cooldown,
					length, action(failure.getOutcome())));
		}
		return change.cooled() ? length : null;
	}

	/** What a user should change after a failure, if it is theirs to fix. */
	@Nullable String action(AttemptOutcome outcome) {
		return this.policy.action(outcome, provider(), this.modelIndex, this.model, this.advice);
	}

	boolean isBlocked(Instant now) {
		return this.providerState.isBlocked(now) || this.state.isBlocked(now);
	}

	/**
	 * The cooldown that keeps calls away: one still running, the provider's first, else
	 * one that ended while the target recovers.
	 */
	@Nullable Cooldown cooldown(Instant now) {
		if (this.providerState.isCoolingDown(now)) {
			return this.providerState.cooldown();
		}
		if (this.state.isCoolingDown(now)) {
			return this.state.cooldown();
		}
		Cooldown provider = this.providerState.cooldown();
		return (provider != null) ? provider : this.state.cooldown();
	}

	@Nullable Instant availableAt(Instant now) {
		Instant provider = runningUntil(this.providerState, now);
		Instant model = runningUntil(this.state, now);
		if (provider == null) {
			return model;
		}
		return (model == null || provider.isAfter(model)) ? provider : model;
	}

	/** Why a call did not use this target. */
	Attempt skipped(Admission refusal, Instant now) {
		Cooldown cooldown = cooldown(now);
		Instant availableAt = availableAt(now);
		Duration remaining = (availableAt != null) ? Duration.between(now, availableAt) : null;
		String detail;
		if (refusal == Admission.COOLING && cooldown != null && remaining != null) {
			detail = "cooling down for " + Durations.format(remaining) + " after: " + cooldown.detail();
		}
		else {
			detail = "recovering; another call is checking whether it is back"
					+ ((cooldown != null) ? " (it failed with: " + cooldown.detail() + ")" : "");
		}
		return new Attempt(provider(), this.model, AttemptOutcome.SKIPPED, null, null, detail, null, Duration.ZERO,
				remaining);
	}

	/** Why a call did not use this healthy target: its rate-limit budget is spent. */
	Attempt overBudget(OverBudget reason, Instant now) {
		return new Attempt(provider(), this.model, AttemptOutcome.SKIPPED, null, null, reason.description(), null,
				Duration.ZERO, Duration.between(now, this.budget.availableAt(now, reason)));
	}

	/** Why a request that needs more than this target supports did not use it. */
	Attempt unsupported(Set<Capability> required) {
		StringJoiner missing = new StringJoiner(" or ", "does not support ", "");
		for (Capability capability : required) {
			if (!llmProvider().capabilities().contains(capability)) {
				missing.add(capability.description());
			}
		}
		return unsupported(missing.toString());
	}

	/** Why a call that this target cannot serve did not use it. */
	Attempt unsupported(String detail) {
		return new Attempt(provider(), this.model, AttemptOutcome.UNSUPPORTED, null, null, detail, null, Duration.ZERO,
				null);
	}

	@Override
	public String toString() {
		return name();
	}

	private static @Nullable Instant runningUntil(TargetState state, Instant now) {
		Cooldown cooldown = state.cooldown();
		return (cooldown != null && cooldown.isRunning(now)) ? cooldown.until() : null;
	}

	private static Duration min(Duration first, Duration second) {
		return (first.compareTo(second) <= 0) ? first : second;
	}

	/**
	 * The admission of one call to the provider and to the model.
	 */
	static final class Ticket {

		static final Ticket OPEN = new Ticket(Admission.OPEN, Admission.OPEN);

		private final Admission provider;

		private final Admission model;

		private final AtomicBoolean released = new AtomicBoolean();

		Ticket(Admission provider, Admission model) {
			this.provider = provider;
			this.model = model;
		}

		Admission provider() {
			return this.provider;
		}

		Admission model() {
			return this.model;
		}

		boolean admitted() {
			return this.provider.admitted() && this.model.admitted();
		}

		/** Why the call was refused. */
		Admission refusal() {
			return this.provider.admitted() ? this.model : this.provider;
		}

		boolean releaseOnce() {
			return this.released.compareAndSet(false, true);
		}

	}

}
