/**
 * OpenAI's Chat Completions API: {@code POST /v1/chat/completions}, answered and streamed
 * by the fallback chain.
 */
@NullMarked
package io.github.fallbackllm.gateway.chatcompletions;

import org.jspecify.annotations.NullMarked;
