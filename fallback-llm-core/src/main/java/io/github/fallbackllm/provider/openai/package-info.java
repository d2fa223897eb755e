/**
 * The OpenAI Chat Completions wire format, spoken by OpenAI and by most compatible
 * endpoints (Azure OpenAI's v1 API, Ollama, vLLM, Groq, OpenRouter, LiteLLM...).
 */
@NullMarked
package io.github.fallbackllm.provider.openai;

import org.jspecify.annotations.NullMarked;
