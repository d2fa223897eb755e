/**
 * Spring AI's OpenAI chat model as a side-by-side client.
 */
@NullMarked
package io.github.fallbackllm.benchmarks.springai;

import org.jspecify.annotations.NullMarked;
