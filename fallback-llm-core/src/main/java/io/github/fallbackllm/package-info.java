/**
 * {@link io.github.fallbackllm.FallbackChatService}, the entry point: chat calls that
 * walk an ordered chain of LLM providers and models until one answers.
 */
@NullMarked
package io.github.fallbackllm;

import org.jspecify.annotations.NullMarked;
