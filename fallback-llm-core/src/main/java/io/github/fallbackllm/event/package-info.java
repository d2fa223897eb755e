/**
 * What the router tells the world as a call walks the chain: attempts, skips, retries,
 * hops, cooldowns and how each call ended. Logging is one {@link FallbackListener};
 * metrics, status pages and audits are others.
 */
@NullMarked
package io.github.fallbackllm.event;

import org.jspecify.annotations.NullMarked;
