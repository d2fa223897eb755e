/**
 * Auto-configuration of the {@code llm} health indicator.
 */
@NullMarked
package io.github.fallbackllm.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
