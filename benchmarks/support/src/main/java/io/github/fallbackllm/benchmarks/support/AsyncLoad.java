package io.github.fallbackllm.benchmarks.support;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * A closed loop over a non-blocking client: keeps a fixed number of calls in flight,
 * starting the next call from the completion of the previous one, with no thread per
 * call.
 *
 * @author Fallback LLM contributors
 */
public final class AsyncLoad {

	private static final Duration DRAIN = Duration.ofSeconds(30);

	/**
	 * Relaunches calls that completed inside {@link Call#start}, instead of recursing.
	 */
	private static final Executor TRAMPOLINE = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "async-load-trampoline");
		thread.setDaemon(true);
		return thread;
	});

	private static final ThreadLocal<Boolean> STARTING = ThreadLocal.withInitial(() -> false);

	private AsyncLoad() {
	}

	/**
	 * Run the loop for a warm-up and a measured window.
	 * @param call the call
	 * @param concurrency calls in flight
	 * @param warmup time before the window opens
	 * @param measure length of the window
	 * @return what the window saw
	 */
	public static LoadResult run(Call call, int concurrency, Duration warmup, Duration measure) {
		return run(call, concurrency, warmup, measure, new LoadWindow());
	}

	/**
	 * Run the loop for a warm-up and a measured window, with a window the call can ask
	 * whether it is {@link LoadWindow#measuring() measuring}.
	 * @param call the call
	 * @param concurrency calls in flight
	 * @param warmup time before the window opens
	 * @param measure length of the window
	 * @param window the window, not yet used
	 * @return what the window saw
	 */
	public static LoadResult run(Call call, int concurrency, Duration warmup, Duration measure, LoadWindow window) {
		Loop loop = new Loop(call, window, Long.MAX_VALUE);
		loop.launch(concurrency);
		window.runFor(warmup, measure);
		loop.drain(DRAIN);
		return window.result();
	}

	/**
	 * Run a fixed number of calls, all measured.
	 * @param call the call
	 * @param concurrency calls in flight
	 * @param calls how many calls to make
	 * @param timeout longest time to wait for them
	 * @return what the calls saw
	 */
	public static LoadResult runCalls(Call call, int concurrency, long calls, Duration timeout) {
		LoadWindow window = new LoadWindow();
		Loop loop = new Loop(call, window, calls);
		window.open();
		loop.launch((int) Math.min(concurrency, calls));
		loop.awaitAll(timeout);
		window.close();
		return window.result();
	}

	/**
	 * One non-blocking call.
	 */
	@FunctionalInterface
	public interface Call {

		/**
		 * Start the call; {@code done} must be invoked exactly once when it ends.
		 * @param done the completion callback
		 */
		void start(Done done);

	}

	/**
	 * Completion callback of a {@link Call}.
	 */
	@FunctionalInterface
	public interface Done {

		/**
		 * Signal the end of the call.
		 * @param error the failure, or {@code null} on success
		 */
		void done(@Nullable Throwable error);

	}

	private static final class Loop {

		private final Call call;

		private final LoadWindow window;

		private final AtomicLong remaining;

		private final AtomicInteger inFlight = new AtomicInteger();

		private final CountDownLatch finished = new CountDownLatch(1);

		Loop(Call call, LoadWindow window, long calls) {
			this.call = call;
			this.window = window;
			this.remaining = new AtomicLong(calls);
		}

		void launch(int count) {
			for (int i = 0; i < count; i++) {
				next();
			}
		}

		private void next() {
			if (!this.window.running() || this.remaining.getAndDecrement() <= 0) {
				if (this.inFlight.get() == 0) {
					this.finished.countDown();
				}
				return;
			}
			this.inFlight.incrementAndGet();
			long start = System.nanoTime();
			Thread starter = Thread.currentThread();
			STARTING.set(true);
			try {
				this.call.start((error) -> completed(start, error, starter));
			}
			catch (Throwable ex) {
				completed(start, ex, starter);
			}
			finally {
				STARTING.set(false);
			}
		}

		private void completed(long start, @Nullable Throwable error, Thread starter) {
			this.window.completed(start, error);
			this.inFlight.decrementAndGet();
			if (Thread.currentThread() == starter && STARTING.get()) {
				TRAMPOLINE.execute(this::next);
			}
			else {
				next();
			}
		}

		void drain(Duration timeout) {
			long deadline = System.nanoTime() + timeout.toNanos();
			while (this.inFlight.get() > 0 && System.nanoTime() < deadline) {
				LoadWindow.sleep(Duration.ofMillis(5));
			}
		}

		void awaitAll(Duration timeout) {
			try {
				this.finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
