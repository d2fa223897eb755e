/**
 * The chat model: requests, responses, stream chunks, and the record of every attempt a
 * call made. Plain data, free of Spring and of any wire format.
 */
@NullMarked
package io.github.fallbackllm.chat;

import org.jspecify.annotations.NullMarked;
