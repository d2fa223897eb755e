/**
 * Sample application of the fallback LLM starter.
 */
@NullMarked
package io.github.fallbackllm.sample;

import org.jspecify.annotations.NullMarked;
