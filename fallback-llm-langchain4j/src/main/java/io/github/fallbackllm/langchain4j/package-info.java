/**
 * LangChain4j chat models backed by the fallback chain, so that {@code AiServices}, their
 * tools and structured outputs survive provider failures. Start from
 * {@link io.github.fallbackllm.langchain4j.FallbackLangChain4j}.
 */
@NullMarked
package io.github.fallbackllm.langchain4j;

import org.jspecify.annotations.NullMarked;
