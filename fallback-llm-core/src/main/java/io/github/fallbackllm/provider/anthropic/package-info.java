/**
 * The Anthropic Messages wire format.
 */
@NullMarked
package io.github.fallbackllm.provider.anthropic;

import org.jspecify.annotations.NullMarked;
