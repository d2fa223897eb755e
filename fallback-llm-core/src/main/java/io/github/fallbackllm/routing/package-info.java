/**
 * The fallback engine: routes of groups of targets, walked group after group, each group
 * ordered by its strategy ({@link io.github.fallbackllm.routing.selection}); retries of
 * transient failures, {@code Retry-After}, and cooldowns so that later calls skip failing
 * targets. Plain Reactor code; Spring only wires it.
 */
@NullMarked
package io.github.fallbackllm.routing;

import org.jspecify.annotations.NullMarked;
