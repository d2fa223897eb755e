/**
 * Google Vertex AI: Gemini through its OpenAI-compatible endpoint and Claude through its
 * Anthropic endpoints, authorized with Google OAuth access tokens.
 */
@NullMarked
package io.github.fallbackllm.provider.vertex;

import org.jspecify.annotations.NullMarked;
