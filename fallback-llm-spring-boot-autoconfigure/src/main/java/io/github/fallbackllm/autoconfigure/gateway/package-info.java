/**
 * Auto-configuration of the gateway of {@code fallback-llm-gateway}.
 */
@NullMarked
package io.github.fallbackllm.autoconfigure.gateway;

import org.jspecify.annotations.NullMarked;
