/**
 * Keys of the gateway: who may spend the providers' keys through it, on which routes, and
 * how much, counted per key name in this instance or on Redis.
 */
@NullMarked
package io.github.fallbackllm.gateway.keys;

import org.jspecify.annotations.NullMarked;
