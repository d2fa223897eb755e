package io.github.fallbackllm.budget;

/**
 * What a target has left of its rate limits at one moment, as a status page shows it.
 * With a shared {@link BudgetStore}, what is used includes what the other instances hold,
 * as this instance last heard.
 *
 * @param rpm the declared requests per minute, or {@code 0} for none
 * @param requestsUsed the requests this minute has counted
 * @param tpm the declared tokens per minute, or {@code 0} for none
 * @param tokensUsed the tokens this minute has counted, estimates settled
 * @param remainingRequests what the provider's last answer said is left of its requests,
 * or {@code -1} when it said nothing or its window has reset since
 * @param remainingTokens what the provider's last answer said is left of its tokens, or
 * {@code -1} when it said nothing or its window has reset since
 * @author Fallback LLM contributors
 */
public record BudgetSnapshot(long rpm, long requestsUsed, long tpm, long tokensUsed, long remainingRequests,
		long remainingTokens) {

}
