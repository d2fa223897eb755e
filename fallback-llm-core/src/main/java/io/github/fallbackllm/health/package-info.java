/**
 * Health of the providers of the chain: cheap, cached, coalesced probes of each
 * provider's model list, combined with what chat traffic has shown, and the {@code llm}
 * health indicator that reports them.
 */
@NullMarked
package io.github.fallbackllm.health;

import org.jspecify.annotations.NullMarked;
