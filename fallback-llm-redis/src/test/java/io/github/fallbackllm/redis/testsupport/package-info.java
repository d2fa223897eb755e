/**
 * Test support: a real {@code redis-server} per test class.
 */
@NullMarked
package io.github.fallbackllm.redis.testsupport;

import org.jspecify.annotations.NullMarked;
