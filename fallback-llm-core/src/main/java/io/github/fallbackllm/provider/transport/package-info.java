/**
 * How a {@link io.github.fallbackllm.provider.WebClientLlmProvider} puts a request on the
 * wire and reads a stream back: a
 * {@link io.github.fallbackllm.provider.transport.RequestSigner} that authorizes each
 * request from its final URI and body bytes (AWS Signature V4, OAuth access tokens), and
 * a {@link io.github.fallbackllm.provider.transport.StreamFraming} that cuts a streamed
 * body into events (server-sent events, AWS event-stream frames) without ever dropping a
 * complete event when the connection breaks.
 */
@NullMarked
package io.github.fallbackllm.provider.transport;

import org.jspecify.annotations.NullMarked;
