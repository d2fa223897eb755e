/**
 * A Spring AI {@code ChatModel} backed by the fallback chain, so that {@code ChatClient}
 * code, its advisors, tool calling and structured output survive provider failures.
 */
@NullMarked
package io.github.fallbackllm.springai;

import org.jspecify.annotations.NullMarked;
