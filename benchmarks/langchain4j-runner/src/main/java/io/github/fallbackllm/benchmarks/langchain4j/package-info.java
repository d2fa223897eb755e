/**
 * LangChain4j's OpenAI chat model as a side-by-side client.
 */
@NullMarked
package io.github.fallbackllm.benchmarks.langchain4j;

import org.jspecify.annotations.NullMarked;
