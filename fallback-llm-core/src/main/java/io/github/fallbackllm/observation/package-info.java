/**
 * Micrometer observations of chat calls, in the style of Spring's own instrumentation:
 * one {@code llm.fallback.call} observation per call and, nested in it, one
 * {@code gen_ai.client.operation} observation per attempt, named and keyed after
 * OpenTelemetry's GenAI conventions. {@link FallbackObservationDocumentation} lists them;
 * an {@link io.micrometer.observation.ObservationConvention} replaces the default names
 * and keys.
 */
@NullMarked
package io.github.fallbackllm.observation;

import org.jspecify.annotations.NullMarked;
