/**
 * Embedding requests and answers: one vector per input, from targets of one embedding
 * space.
 */
@NullMarked
package io.github.fallbackllm.embedding;

import org.jspecify.annotations.NullMarked;
