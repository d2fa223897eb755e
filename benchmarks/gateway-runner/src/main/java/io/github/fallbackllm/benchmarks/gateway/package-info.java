/**
 * The minimal WebFlux proxy that the sample gateway is measured against.
 */
@NullMarked
package io.github.fallbackllm.benchmarks.gateway;

import org.jspecify.annotations.NullMarked;
