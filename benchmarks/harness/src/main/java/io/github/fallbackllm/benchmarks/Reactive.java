package io.github.fallbackllm.benchmarks;

import java.util.function.Supplier;

import io.github.fallbackllm.benchmarks.support.AsyncLoad;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Mono;

/**
 * Adapts Reactor calls to the load loop.
 *
 * @author Fallback LLM contributors
 */
final class Reactive {

	private Reactive() {
	}

	/**
	 * A call that ends when the {@link Mono} completes with a value.
	 * @param call starts one call
	 * @return the call for the load loop
	 */
	static AsyncLoad.Call mono(Supplier<Mono<?>> call) {
		return (done) -> call.get().subscribe(new BaseSubscriber<Object>() {

			private boolean answered;

			@Override
			protected void hookOnNext(Object value) {
				this.answered = true;
			}

			@Override
			protected void hookOnComplete() {
				done.done(this.answered ? null : new IllegalStateException("Completed without an answer"));
			}

			@Override
			protected void hookOnError(Throwable failure) {
				done.done(failure);
			}

		});
	}

}
