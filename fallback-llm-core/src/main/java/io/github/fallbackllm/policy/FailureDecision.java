package io.github.fallbackllm.policy;

/**
 * What one kind of failure means for the call, for the target, and for health.
 *
 * @param retry whether the same target is tried again
 * @param leaveWhileOthersServe whether the call moves on at once, without any retry,
 * while a later target can serve
 * @param cools what later calls skip
 * @param length how long they skip it
 * @param afterThreshold whether the cooldown waits for {@code failure-threshold}
 * consecutive failures rather than starting at once
 * @param health what the failure, seen by a health probe, says about the provider
 * @param remedy what a user should change, if the failure is theirs to fix
 * @author Fallback LLM contributors
 */
public record FailureDecision(Retry retry, boolean leaveWhileOthersServe, Scope cools, Length length,
		boolean afterThreshold, Health health, Remedy remedy) {

	/**
	 * Return whether the provider itself said when to come back, or that it will not
	 * serve until someone acts, rather than the cooldown being inferred from transient
	 * failures. Calls honour such a cooldown even when every target is cooling: they go
	 * one at a time.
	 * @return whether the provider asked for the cooldown
	 */
	public boolean askedByProvider() {
		return this.cools != Scope.NONE && !this.afterThreshold;
	}

	/**
	 * Return whether the failure counts toward the target's consecutive failures.
	 * @return whether it counts
	 */
	public boolean counts() {
		return this.cools != Scope.NONE;
	}

	/**
	 * Whether the same target is tried again.
	 */
	public enum Retry {

		/** Move on. */
		NEVER,

		/**
		 * Retry with backoff, up to {@code max-retries}, unless the target cooled down.
		 */
		BACKOFF,

		/**
		 * Retry after the provider's {@code Retry-After} (else the backoff), within
		 * {@code max-retry-after}, although the failure cooled the target down.
		 */
		RETRY_AFTER

	}

	/**
	 * What later calls skip after the failure.
	 */
	public enum Scope {

		/** Nothing: the failure is about the request or this application. */
		NONE,

		/** This model of the provider. */
		TARGET,

		/** Every model of the provider. */
		PROVIDER

	}

	/**
	 * How long a cooldown lasts.
	 */
	public enum Length {

		/** No cooldown. */
		NONE,

		/**
		 * The provider's {@code Retry-After}, else {@code cooldown.duration}, at most
		 * {@code cooldown.long-duration}.
		 */
		RETRY_AFTER,

		/** {@code cooldown.long-duration}: the failure does not heal by itself. */
		LONG

	}

	/**
	 * What a failed health probe says about the provider.
	 */
	public enum Health {

		/** The provider cannot serve. */
		DOWN,

		/** Nothing certain: the probe could not tell. */
		UNKNOWN

	}

	/**
	 * What a user should change.
	 */
	public enum Remedy {

		/** Nothing: not a configuration problem. */
		NONE,

		/** The provider's key. */
		CREDENTIALS,

		/** Credit or quota, in the provider's billing settings. */
		BILLING,

		/** The model's name, or the endpoint that should offer it. */
		MODEL,

		/** The request: shorter, or a model with a larger window. */
		SHORTER_REQUEST,

		/** This application's connection pool, or its concurrency. */
		CONNECTION_POOL

	}

}
