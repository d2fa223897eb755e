/**
 * The OpenAI Responses dialect of the gateway: {@code POST /v1/responses} read into a
 * chat request, and its answer written back as a {@code response} object or as the
 * Responses API's stream of events.
 */
@NullMarked
package io.github.fallbackllm.gateway.responses;

import org.jspecify.annotations.NullMarked;
