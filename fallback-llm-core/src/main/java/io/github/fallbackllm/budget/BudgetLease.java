package io.github.fallbackllm.budget;

/**
 * A store's answer to a lease: what it gave the instance and what every instance has
 * taken from the window so far.
 *
 * @param granted what the instance may take, at most what it wanted
 * @param total what all instances hold of the window, this lease included
 * @author Fallback LLM contributors
 */
public record BudgetLease(long granted, long total) {

}
