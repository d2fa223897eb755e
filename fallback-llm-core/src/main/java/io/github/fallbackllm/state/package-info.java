/**
 * What traffic has shown about each target and provider: cooldowns, consecutive failures,
 * trial leases. {@link TargetStateStore} is the seam: the in-memory store keeps state per
 * application instance; a shared store can replace it without touching the router.
 */
@NullMarked
package io.github.fallbackllm.state;

import org.jspecify.annotations.NullMarked;
