package io.github.fallbackllm.autoconfigure.health;

import java.time.Duration;
import java.util.List;

import io.github.fallbackllm.health.LlmProviderProbe;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

import org.springframework.context.SmartLifecycle;

/**
 * Probes every provider at a fixed interval, so that health requests read fresh results
 * instead of waiting for a probe. Rounds never overlap: a round still running when the
 * next one is due makes that one skip. Stops with the application context.
 *
 * @author Fallback LLM contributors
 */
public final class LlmProviderProbeScheduler implements SmartLifecycle {

	private final List<LlmProviderProbe> probes;

	private final Duration interval;

	private volatile @Nullable Disposable loop;

	/**
	 * Create a scheduler.
	 * @param probes the probes to refresh
	 * @param interval the time between two rounds
	 */
	public LlmProviderProbeScheduler(List<LlmProviderProbe> probes, Duration interval) {
		this.probes = List.copyOf(probes);
		this.interval = interval;
	}

	@Override
	public synchronized void start() {
		if (!isRunning()) {
			this.loop = Flux.interval(Duration.ZERO, this.interval)
				.onBackpressureDrop()
				.concatMap((tick) -> Flux.fromIterable(this.probes).flatMap(LlmProviderProbe::refresh).then(), 1)
				.subscribe();
		}
	}

	@Override
	public synchronized void stop() {
		Disposable running = this.loop;
		if (running != null) {
			running.dispose();
			this.loop = null;
		}
	}

	@Override
	public boolean isRunning() {
		Disposable running = this.loop;
		return running != null && !running.isDisposed();
	}

}
