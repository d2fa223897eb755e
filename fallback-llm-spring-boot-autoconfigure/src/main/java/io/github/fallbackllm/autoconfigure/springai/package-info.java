/**
 * Auto-configuration of the Spring AI {@code ChatModel} and {@code EmbeddingModel} backed
 * by the fallback chain.
 */
@NullMarked
package io.github.fallbackllm.autoconfigure.springai;

import org.jspecify.annotations.NullMarked;
