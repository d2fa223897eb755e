/**
 * Rate-limit budgets of targets: declared requests and tokens per minute, and what
 * providers say is left, so that a call passes over a target before it meets a 429.
 */
@NullMarked
package io.github.fallbackllm.budget;

import org.jspecify.annotations.NullMarked;
