package io.github.fallbackllm.benchmarks.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * A closed loop over a blocking client: one platform thread per call in flight, each
 * making calls back to back, which is how most applications call a chat model.
 *
 * @author Fallback LLM contributors
 */
public final class BlockingLoad {

	private BlockingLoad() {
	}

	/**
	 * Run the loop for a warm-up and a measured window.
	 * @param call one blocking call
	 * @param concurrency threads, each with one call in flight
	 * @param warmup time before the window opens
	 * @param measure length of the window
	 * @return what the window saw
	 */
	public static LoadResult run(Callable<?> call, int concurrency, Duration warmup, Duration measure) {
		LoadWindow window = new LoadWindow();
		List<Thread> threads = new ArrayList<>(concurrency);
		for (int i = 0; i < concurrency; i++) {
			Thread thread = new Thread(() -> loop(call, window), "blocking-load-" + i);
			thread.setDaemon(true);
			thread.start();
			threads.add(thread);
		}
		window.runFor(warmup, measure);
		for (Thread thread : threads) {
			try {
				thread.join(Duration.ofSeconds(30).toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		return window.result();
	}

	private static void loop(Callable<?> call, LoadWindow window) {
		while (window.running()) {
			long start = System.nanoTime();
			try {
				call.call();
				window.completed(start, null);
			}
			catch (Throwable ex) {
				window.completed(start, ex);
			}
		}
	}

}
