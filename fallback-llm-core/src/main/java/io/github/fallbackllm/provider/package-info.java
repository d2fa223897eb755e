/**
 * The provider contract: {@link io.github.fallbackllm.provider.LlmProvider} for one
 * endpoint, {@link io.github.fallbackllm.provider.LlmProviderFactory} for one wire
 * format, and the error classification every provider shares. Each wire format lives in a
 * sub-package of its own.
 */
@NullMarked
package io.github.fallbackllm.provider;

import org.jspecify.annotations.NullMarked;
