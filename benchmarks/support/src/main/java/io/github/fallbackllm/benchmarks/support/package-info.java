/**
 * What the benchmark harness and every client runner share: closed-loop load drivers,
 * latency recording, process CPU time, failure probes and the line protocol that carries
 * results from a runner JVM back to the harness. JDK only, so that it never changes the
 * class path of the client under test.
 */
@NullMarked
package io.github.fallbackllm.benchmarks.support;

import org.jspecify.annotations.NullMarked;
