/**
 * The live status page at {@code /}: the chain in order with each target's state, recent
 * attempts and counters, read every second or two from {@code GET /demo/status}.
 */
@NullMarked
package io.github.fallbackllm.sample.status;

import org.jspecify.annotations.NullMarked;
