/**
 * {@code POST /chat}: one message in, the answer and how it was obtained out, for people
 * trying the sample with {@code curl}.
 */
@NullMarked
package io.github.fallbackllm.sample.chat;

import org.jspecify.annotations.NullMarked;
