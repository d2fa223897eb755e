/**
 * Target state shared by every instance of an application through Redis: cooldowns,
 * consecutive-failure counts and trial leases. Each instance keeps a local copy that
 * answers every admission; Redis is written and read in the background.
 */
@NullMarked
package io.github.fallbackllm.redis;

import org.jspecify.annotations.NullMarked;
