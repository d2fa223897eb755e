package io.github.fallbackllm.routing;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.fallbackllm.chat.Attempt;
import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.Capability;
import io.github.fallbackllm.chat.Durations;
import io.github.fallbackllm.provider.LlmProvider;
import io.github.fallbackllm.state.Admission;
import io.github.fallbackllm.state.Cooldown;
import io.github.fallbackllm.state.TargetState;
import org.jspecify.annotations.Nullable;

import org.springframework.core.retry.RetryPolicy;

/**
 * One provider and model of the chain, with its state and resolved policies.
 *
 * @param index position in the chain
 * @param route the provider's route
 * @param model the model
 * @param modelIndex position of the model within the provider's models
 * @param state the state of this model
 * @param providerState the state of the provider as a whole
 * @param retryPolicy the route's retry settings as a policy
 * @author Fallback LLM contributors
 */
record Target(int index, Route route, String model, int modelIndex, TargetState state, TargetState providerState,
		RetryPolicy retryPolicy) {

	LlmProvider provider() {
		return this.route.provider();
	}

	/** This target at another position, in a chain that keeps only some targets. */
	Target at(int index) {
		return new Target(index, this.route, this.model, this.modelIndex, this.state, this.providerState,
				this.retryPolicy);
	}

	String name() {
		return provider().name() + "/" + this.model;
	}

	boolean supports(Set<Capability> required) {
		return required.isEmpty() || provider().capabilities().containsAll(required);
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
		return (cooldown != null && cooldown.askedByProvider()) ? admit(now, true) : Ticket.OPEN;
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
		return new Attempt(provider().name(), this.model, AttemptOutcome.SKIPPED, null, null, detail, null,
				Duration.ZERO, remaining);
	}

	/** Why a request that needs more than this target supports did not use it. */
	Attempt unsupported(Set<Capability> required) {
		StringJoiner missing = new StringJoiner(" or ", "does not support ", "");
		for (Capability capability : required) {
			if (!provider().capabilities().contains(capability)) {
				missing.add(capability.description());
			}
		}
		return new Attempt(provider().name(), this.model, AttemptOutcome.UNSUPPORTED, null, null, missing.toString(),
				null, Duration.ZERO, null);
	}

	private static @Nullable Instant runningUntil(TargetState state, Instant now) {
		Cooldown cooldown = state.cooldown();
		return (cooldown != null && cooldown.isRunning(now)) ? cooldown.until() : null;
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
