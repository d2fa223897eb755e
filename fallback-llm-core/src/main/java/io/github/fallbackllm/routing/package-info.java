/**
 * The fallback engine: walks the chain of targets, retries transient failures, honours
 * {@code Retry-After}, and cools failing targets down so later calls skip them. Plain
 * Reactor code; Spring only wires it.
 */
@NullMarked
package io.github.fallbackllm.routing;

import org.jspecify.annotations.NullMarked;
