/**
 * The official OpenAI Java client as a side-by-side client.
 */
@NullMarked
package io.github.fallbackllm.benchmarks.openaijava;

import org.jspecify.annotations.NullMarked;
