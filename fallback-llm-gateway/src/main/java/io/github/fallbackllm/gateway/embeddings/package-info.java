/**
 * OpenAI's embeddings endpoint, {@code POST /v1/embeddings}, served by the embedding
 * targets of the route the request's model selects.
 */
@NullMarked
package io.github.fallbackllm.gateway.embeddings;

import org.jspecify.annotations.NullMarked;
