/**
 * Auto-configuration of the LangChain4j chat and embedding models backed by the fallback
 * chain.
 */
@NullMarked
package io.github.fallbackllm.autoconfigure.langchain4j;

import org.jspecify.annotations.NullMarked;
