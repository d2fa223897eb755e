/**
 * {@code POST /spring-ai/chat}: the same chat as {@code /chat}, written as a Spring AI
 * application writes it, on {@code ChatClient}, which the fallback chain serves.
 */
@NullMarked
package io.github.fallbackllm.sample.springai;

import org.jspecify.annotations.NullMarked;
