/**
 * The gateway's Responses store on Redis: the conversation of each stored response,
 * shared by every instance of the gateway.
 */
@NullMarked
package io.github.fallbackllm.redis.responses;

import org.jspecify.annotations.NullMarked;
