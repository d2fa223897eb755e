package io.github.fallbackllm.routing;

import io.github.fallbackllm.budget.BudgetLimits;

/**
 * One target of a route's group: a model of a provider, with its weight in the group and
 * its rate limits.
 *
 * @param provider the provider's name
 * @param model the model, one of the provider's models
 * @param weight the weight, for the {@code weighted} strategy; at least 1
 * @param budget the target's rate limits; a limit it leaves at {@code 0} is the
 * provider's
 * @author Fallback LLM contributors
 */
public record RouteTarget(String provider, String model, int weight, BudgetLimits budget) {

	public RouteTarget {
		budget = (budget != null) ? budget : BudgetLimits.NONE;
		if (provider == null || provider.isBlank() || model == null || model.isBlank()) {
			throw new IllegalArgumentException("A route target needs a provider and a model, as 'provider/model' (got '"
					+ provider + "/" + model + "')");
		}
		if (weight < 1) {
			throw new IllegalArgumentException("The weight of route target '" + provider + "/" + model
					+ "' must be at least 1 (got " + weight + ")");
		}
	}

	/**
	 * Create a target without rate limits of its own.
	 * @param provider the provider's name
	 * @param model the model
	 * @param weight the weight
	 */
	public RouteTarget(String provider, String model, int weight) {
		this(provider, model, weight, BudgetLimits.NONE);
	}

	/**
	 * Return this target with rate limits of its own.
	 * @param rpm requests per minute, or {@code 0} for the provider's
	 * @param tpm tokens per minute, or {@code 0} for the provider's
	 * @return the target
	 */
	public RouteTarget withBudget(long rpm, long tpm) {
		return new RouteTarget(this.provider, this.model, this.weight, new BudgetLimits(rpm, tpm));
	}

	/**
	 * Read a target written as {@code provider/model}, with weight 1. The model may hold
	 * slashes of its own ({@code openrouter/meta-llama/llama-3.3-70b-instruct}).
	 * @param target the target
	 * @return the target
	 */
	public static RouteTarget of(String target) {
		return of(target, 1);
	}

	/**
	 * Read a target written as {@code provider/model}.
	 * @param target the target
	 * @param weight its weight in its group
	 * @return the target
	 */
	public static RouteTarget of(String target, int weight) {
		int slash = (target != null) ? target.indexOf('/') : -1;
		if (slash <= 0 || slash == target.length() - 1) {
			throw new IllegalArgumentException(
					"A route target is written 'provider/model', such as 'openai/gpt-4o' (got '" + target + "')");
		}
		return new RouteTarget(target.substring(0, slash).strip(), target.substring(slash + 1).strip(), weight);
	}

	/**
	 * Return the target as written in configuration.
	 * @return {@code provider/model}
	 */
	public String name() {
		return this.provider + "/" + this.model;
	}

}
