/**
 * An OpenAI-compatible gateway: {@code POST /v1/chat/completions} and
 * {@code GET /v1/models}, served by the fallback chain, so that code written for the
 * OpenAI API gets fallback by changing its base URL.
 */
@NullMarked
package io.github.fallbackllm.sample.gateway;

import org.jspecify.annotations.NullMarked;
