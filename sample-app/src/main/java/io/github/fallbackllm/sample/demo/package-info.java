/**
 * The {@code demo} profile: simulated OpenAI and Anthropic providers, served in-process
 * on a loopback port, so that the sample runs and shows a fallback without API keys.
 */
@NullMarked
package io.github.fallbackllm.sample.demo;

import org.jspecify.annotations.NullMarked;
