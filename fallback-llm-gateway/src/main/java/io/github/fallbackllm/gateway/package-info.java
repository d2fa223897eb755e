/**
 * An HTTP gateway in front of the fallback chain, so that code written for a provider's
 * API gets fallback by changing its base URL. Each API it speaks is a
 * {@link io.github.fallbackllm.gateway.GatewayDialect} in a package of its own; this
 * package holds what they share: the endpoints, the size and time limits of a request,
 * which route serves a model, the headers that say who answered, and the handling of
 * clients that go away.
 */
@NullMarked
package io.github.fallbackllm.gateway;

import org.jspecify.annotations.NullMarked;
