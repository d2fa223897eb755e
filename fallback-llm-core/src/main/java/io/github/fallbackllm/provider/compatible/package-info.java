/**
 * Services that speak the OpenAI Chat Completions format with differences of their own:
 * one {@link io.github.fallbackllm.provider.compatible.CompatibleType descriptor} each
 * (default URL, authentication, key, endpoints, errors, capabilities) on top of the one
 * OpenAI provider.
 */
@NullMarked
package io.github.fallbackllm.provider.compatible;

import org.jspecify.annotations.NullMarked;
