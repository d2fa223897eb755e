/**
 * What each failure means: whether to retry, move on, cool the target or the provider
 * down and for how long, what it says about health, and what a user should change. The
 * router, the target states and the health probe all ask {@link FailurePolicy}; nothing
 * else decides.
 */
@NullMarked
package io.github.fallbackllm.policy;

import org.jspecify.annotations.NullMarked;
