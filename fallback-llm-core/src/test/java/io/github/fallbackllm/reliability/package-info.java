/**
 * The reliability suite: provider faults, a randomised soak, and hostile input. Each test
 * ends in a fallback or a clear typed error, within the call's deadline.
 */
@NullMarked
package io.github.fallbackllm.reliability;

import org.jspecify.annotations.NullMarked;
