/**
 * Micrometer meters of the fallback chain, beside the timers that its observations
 * record: fallbacks, skips, cooldowns, targets cooling, time to first chunk and token
 * usage. Needs {@code micrometer-core}, an optional dependency of this module.
 */
@NullMarked
package io.github.fallbackllm.metrics;

import org.jspecify.annotations.NullMarked;
