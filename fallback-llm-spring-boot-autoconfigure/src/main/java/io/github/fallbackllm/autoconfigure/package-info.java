/**
 * Auto-configuration: binds {@code llm.fallback.*}, validates it, and wires providers,
 * the cooldown registry and the {@link io.github.fallbackllm.FallbackChatService}.
 */
@NullMarked
package io.github.fallbackllm.autoconfigure;

import org.jspecify.annotations.NullMarked;
