/**
 * The gateway as an executable jar.
 */
@NullMarked
package io.github.fallbackllm.gateway.server;

import org.jspecify.annotations.NullMarked;
