/**
 * Auto-configuration of the observations and meters of the fallback chain.
 */
@NullMarked
package io.github.fallbackllm.autoconfigure.observation;

import org.jspecify.annotations.NullMarked;
