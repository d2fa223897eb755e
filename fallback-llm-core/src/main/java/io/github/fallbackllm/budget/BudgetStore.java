package io.github.fallbackllm.budget;

import reactor.core.publisher.Mono;

/**
 * Where the declared budgets of targets are counted when several instances of an
 * application share them, such as on Redis. Each instance leases slices of a window from
 * the store and admits calls from its slices, so that no call waits for the store: the
 * store is asked in the background, before an instance's slice runs out.
 * <p>
 * {@link #LOCAL} shares nothing: each instance counts its own calls against the whole
 * limit.
 *
 * @author Fallback LLM contributors
 */
public interface BudgetStore {

	/** Counts in this instance's memory only. */
	BudgetStore LOCAL = new BudgetStore() {

		@Override
		public boolean isShared() {
			return false;
		}

		@Override
		public Mono<BudgetLease> lease(String target, String window, long minute, long owed, long wanted, long limit) {
			return Mono.empty();
		}

	};

	/**
	 * Return whether windows are counted in the store right now; while they are not, such
	 * as during an outage, each instance counts on its own.
	 * @return whether leases can be asked for
	 */
	boolean isShared();

	/**
	 * Count what an instance took beyond its slices, then lease a slice of what is left
	 * of a window. Called off the calls' threads; the answer may come after the minute.
	 * @param target the target, {@code provider/model}
	 * @param window {@code rpm} or {@code tpm}
	 * @param minute the epoch minute of the window
	 * @param owed what the instance took beyond the slices it holds, counted whatever the
	 * limit
	 * @param wanted the slice asked for
	 * @param limit the window's limit
	 * @return the lease, or empty when the store did not answer
	 */
	Mono<BudgetLease> lease(String target, String window, long minute, long owed, long wanted, long limit);

}
