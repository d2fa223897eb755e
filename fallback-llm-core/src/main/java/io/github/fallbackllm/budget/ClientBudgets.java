package io.github.fallbackllm.budget;

import reactor.core.publisher.Mono;

/**
 * Counts what named clients of the chain use against their {@link ClientLimits}: in this
 * instance's memory ({@link LocalClientBudgets}) or shared by every instance, such as on
 * Redis. A call takes one request and an estimate of its tokens before it is sent, and
 * settles the estimate against the usage its answer reports.
 *
 * @author Fallback LLM contributors
 */
public interface ClientBudgets {

	/**
	 * Take one request and an estimate of its tokens, if every limit has room for them;
	 * take nothing otherwise.
	 * @param client the client's name
	 * @param limits its limits
	 * @param estimatedTokens the tokens to take up front
	 * @return the admission; never an error
	 */
	Mono<ClientAdmission> acquire(String client, ClientLimits limits, long estimatedTokens);

	/**
	 * Replace the estimate of an admitted call with the tokens it used, in the windows it
	 * was counted in; windows that have ended are left alone.
	 * @param admission the admission of the call
	 * @param usedTokens the tokens its answer reported
	 */
	void settle(ClientAdmission admission, long usedTokens);

}
