package io.github.fallbackllm.routing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.github.fallbackllm.chat.Attempt;
import io.github.fallbackllm.chat.ChatMessage;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ChatRole;
import io.github.fallbackllm.event.FallbackListener;
import io.github.fallbackllm.event.FallbackListener.HedgeStarted;
import io.github.fallbackllm.event.FallbackListener.HedgeWon;
import io.github.fallbackllm.routing.selection.TargetStats;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Hedges the slow calls of one route: when the first target has not answered (or sent its
 * first chunk) within the delay, the next target the route would try starts too, and the
 * first to deliver an item wins; the others are cancelled at once, their attempts
 * {@code HEDGED_OUT}. A leg that fails does not fail the call while another runs: each
 * leg walks the route's remaining targets, sharing the call's place in it.
 * <p>
 * Spend is bounded like gRPC's retry throttling: every call hedging could apply to puts
 * {@code max-ratio} of a token in the route's bucket, every hedge takes a whole one, and
 * without one the call just waits. The bucket holds the tokens of {@value #WINDOW} calls,
 * so a burst of slow calls can use up to {@code max-ratio} &times; {@value #WINDOW}
 * hedges at once.
 *
 * @author Fallback LLM contributors
 */
final class Hedging {

	/** The calls whose tokens the bucket holds at most. */
	static final int WINDOW = 100;

	/** The fewest samples of a target's latency worth a quantile. */
	static final int MIN_SAMPLES = 10;

	private static final long TOKEN = 1000;

	private final HedgeSettings settings;

	private final long capacity;

	private final long deposit;

	private final AtomicLong tokens;

	Hedging(HedgeSettings settings) {
		this.settings = settings;
		this.deposit = Math.max(1, Math.round(settings.maxRatio() * TOKEN));
		this.capacity = Math.max(TOKEN, this.deposit * WINDOW);
		this.tokens = new AtomicLong(this.capacity);
	}

	HedgeSettings settings() {
		return this.settings;
	}

	/**
	 * Return whether a call may be hedged: it did not opt out, and carries no tool
	 * results.
	 */
	boolean applies(ChatRequest request) {
		if (!request.hedge()) {
			return false;
		}
		for (ChatMessage message : request.messages()) {
			if (message.role() == ChatRole.TOOL) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Return how long a call waits for its first target before hedging: the fixed delay,
	 * or the quantile of the target's recent latency within the floor and the ceiling.
	 */
	Duration delay(@Nullable TargetStats first) {
		Duration after = this.settings.after();
		if (after != null) {
			return after;
		}
		long quantile = (first != null) ? first.recentQuantileNanos(this.settings.quantile(), MIN_SAMPLES) : -1;
		if (quantile < 0) {
			return this.settings.ceiling();
		}
		Duration measured = Duration.ofNanos(quantile);
		if (measured.compareTo(this.settings.floor()) < 0) {
			return this.settings.floor();
		}
		return (measured.compareTo(this.settings.ceiling()) > 0) ? this.settings.ceiling() : measured;
	}

	/**
	 * Run a call as a race of legs: the first now, each hedge a delay later.
	 * @param call the call
	 * @param leg starts a leg: tries the call's next targets
	 * @param streaming whether the call is a stream
	 * @param listener hears of hedges, or {@code null}
	 */
	<T> Flux<T> race(Call call, Supplier<Flux<T>> leg, boolean streaming, @Nullable FallbackListener listener) {
		return Flux.defer(() -> {
			this.tokens.accumulateAndGet(this.deposit, (held, added) -> Math.min(this.capacity, held + added));
			Race race = new Race(call, streaming, listener);
			List<Flux<T>> legs = new ArrayList<>(1 + this.settings.max());
			legs.add(race.leg(0, leg.get()));
			Target first = call.picked();
			Duration after = delay((first != null) ? first.stats() : null);
			for (int hedge = 1; hedge <= this.settings.max(); hedge++) {
				int index = hedge;
				Duration at = after.multipliedBy(hedge);
				legs.add(Mono.delay(at)
					.takeUntilOther(race.settled.asMono())
					.flatMapMany((tick) -> race.mayHedge(at) ? race.leg(index, Flux.defer(leg)) : Flux.empty()));
			}
			return Flux.firstWithValue(legs).onErrorResume(NoSuchElementException.class, (noValue) -> race.outcome());
		});
	}

	private boolean takeToken() {
		long held;
		do {
			held = this.tokens.get();
			if (held < TOKEN) {
				return false;
			}
		}
		while (!this.tokens.compareAndSet(held, held - TOKEN));
		return true;
	}

	/**
	 * The legs of one call: which run, which failed, and which won.
	 */
	private final class Race {

		/** Emits when no leg runs any more: pending hedges have nothing left to hedge. */
		final Sinks.Empty<Void> settled = Sinks.empty();

		private final Call call;

		private final boolean streaming;

		private final @Nullable FallbackListener listener;

		private int running;

		private boolean won;

		private @Nullable Throwable failure;

		Race(Call call, boolean streaming, @Nullable FallbackListener listener) {
			this.call = call;
			this.streaming = streaming;
			this.listener = listener;
		}

		/**
		 * A leg never fails the race: its failure is kept for when every leg has failed.
		 * Only the leg the call committed to delivers items.
		 */
		<T> Flux<T> leg(int index, Flux<T> items) {
			synchronized (this) {
				this.running++;
			}
			return items.doOnNext((item) -> won(index)).doOnComplete(() -> ended(null)).onErrorResume((failure) -> {
				ended(failure);
				return Flux.empty();
			});
		}

		synchronized boolean mayHedge(Duration after) {
			if (this.running == 0 || this.call.isCommitted() || !this.call.hasUsableTargetLeft(this.call.now())
					|| !takeToken()) {
				return false;
			}
			if (this.listener != null) {
				this.listener.onHedgeStarted(new HedgeStarted(this.call.route().name(), after, this.streaming));
			}
			return true;
		}

		private void won(int index) {
			synchronized (this) {
				if (this.won) {
					return;
				}
				this.won = true;
			}
			if (index > 0 && this.listener != null) {
				List<Attempt> attempts = this.call.committedAttempts();
				Attempt answer = attempts.get(attempts.size() - 1);
				this.listener.onHedgeWon(
						new HedgeWon(this.call.route().name(), answer.provider(), answer.model(), this.streaming));
			}
		}

		private void ended(@Nullable Throwable failure) {
			boolean last;
			synchronized (this) {
				if (failure != null) {
					this.failure = failure;
				}
				last = --this.running == 0;
			}
			if (last) {
				this.settled.tryEmitEmpty();
			}
		}

		/** Every leg ended without an item: the last failure, or nothing at all. */
		synchronized <T> Flux<T> outcome() {
			return (this.failure != null) ? Flux.error(this.failure) : Flux.empty();
		}

	}

}
