/**
 * The Anthropic Messages dialect of the gateway: {@code POST /v1/messages} and
 * {@code POST /v1/messages/count_tokens}.
 */
@NullMarked
package io.github.fallbackllm.gateway.messages;

import org.jspecify.annotations.NullMarked;
