/**
 * Target state shared by every instance of an application through Redis: cooldowns,
 * consecutive-failure counts, trial leases, and the declared budgets of targets, leased
 * in slices. Each instance keeps a local copy that answers every admission; Redis is
 * written and read in the background.
 */
@NullMarked
package io.github.fallbackllm.redis;

import org.jspecify.annotations.NullMarked;
