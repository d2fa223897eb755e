/**
 * The benchmark harness: an in-process stub provider, the scenarios for this library and
 * a raw {@code WebClient}, the JVMs that run other clients side by side, and the report.
 */
@NullMarked
package io.github.fallbackllm.benchmarks;

import org.jspecify.annotations.NullMarked;
