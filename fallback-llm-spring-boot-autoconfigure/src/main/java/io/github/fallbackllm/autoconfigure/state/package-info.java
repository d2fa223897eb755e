/**
 * Auto-configuration of where target states live: in memory by default, shared through
 * Redis with {@code llm.fallback.state.store=redis}.
 */
@NullMarked
package io.github.fallbackllm.autoconfigure.state;

import org.jspecify.annotations.NullMarked;
