package io.github.fallbackllm.routing;

import io.github.fallbackllm.budget.BudgetLimits;
import org.jspecify.annotations.Nullable;

/**
 * One target of a route's group: a model of a provider, with its weight in the group and
 * its rate limits.
 *
 * @param provider the provider's name
 * @param model the model, one of the provider's models
 * @param weight the weight, for the {@code weighted} strategy; at least 1
 * @param budget the target's rate limits; a limit it leaves at {@code 0} is the
 * provider's
 * @param embeddingSpace the embedding space of the target's vectors, which makes it an
 * embedding target; {@code null} for the model's name when the provider says the model
 * embeds ({@link io.github.fallbackllm.provider.LlmProvider#isEmbeddingModel(String)})
 * @author Fallback LLM contributors
 */
public record RouteTarget(String provider, String model, int weight, BudgetLimits budget,
		@Nullable String embeddingSpace) {

	public RouteTarget {
		budget = (budget != null) ? budget : BudgetLimits.NONE;
		embeddingSpace = (embeddingSpace != null && !embeddingSpace.isBlank()) ? embeddingSpace.strip() : null;
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
	 * Create a target with rate limits of its own, in its model's embedding space if it
	 * embeds.
	 * @param provider the provider's name
	 * @param model the model
	 * @param weight the weight
	 * @param budget the rate limits
	 */
	public RouteTarget(String provider, String model, int weight, BudgetLimits budget) {
		this(provider, model, weight, budget, null);
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
		return new RouteTarget(this.provider, this.model, this.weight, new BudgetLimits(rpm, tpm), this.embeddingSpace);
	}

	/**
	 * Return this target as an embedding target of a named space: its vectors are
	 * comparable with those of every target of the same space, and with no other.
	 * @param space the space, such as {@code text-embedding-3-small}; {@code null} for
	 * the model's name
	 * @return the target
	 */
	public RouteTarget withEmbeddingSpace(@Nullable String space) {
		return new RouteTarget(this.provider, this.model, this.weight, this.budget, space);
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
