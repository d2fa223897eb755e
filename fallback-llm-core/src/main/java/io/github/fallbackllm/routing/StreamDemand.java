package io.github.fallbackllm.routing;

import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.core.publisher.Sinks;

/**
 * What the consumer of a stream has asked for and not yet received. The idle timeout
 * counts only while this is above zero: a stream that is silent because its consumer is
 * slow is held back by backpressure, not stalled by its provider.
 *
 * @author Fallback LLM contributors
 */
final class StreamDemand {

	private final AtomicLong outstanding = new AtomicLong();

	private volatile Sinks.@Nullable Empty<Void> waiting;

	void requested(long count) {
		this.outstanding.accumulateAndGet(count, Operators::addCap);
		Sinks.Empty<Void> waiter = this.waiting;
		if (waiter != null) {
			waiter.tryEmitEmpty();
		}
	}

	/**
	 * Account for a delivered item.
	 * @return completes once the consumer wants another item
	 */
	Mono<Void> delivered() {
		long left = this.outstanding.updateAndGet((value) -> (value == Long.MAX_VALUE) ? value : value - 1);
		if (left > 0) {
			return Mono.empty();
		}
		Sinks.Empty<Void> waiter = Sinks.empty();
		this.waiting = waiter;
		if (this.outstanding.get() > 0) {
			// A request arrived between the count and the wait.
			waiter.tryEmitEmpty();
		}
		return waiter.asMono();
	}

}
