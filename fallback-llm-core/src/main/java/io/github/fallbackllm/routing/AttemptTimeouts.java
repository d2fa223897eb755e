package io.github.fallbackllm.routing;

import java.time.Duration;

/**
 * Time limits of one attempt on one target.
 *
 * @param response time for a complete answer
 * @param firstToken time from the request to the first streamed text
 * @param idle longest silence between two streamed chunks
 * @author Fallback LLM contributors
 */
public record AttemptTimeouts(Duration response, Duration firstToken, Duration idle) {

	public static final AttemptTimeouts DEFAULTS = new AttemptTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(30),
			Duration.ofSeconds(30));

}
