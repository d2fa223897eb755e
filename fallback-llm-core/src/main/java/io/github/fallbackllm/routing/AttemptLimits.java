package io.github.fallbackllm.routing;

import java.time.Duration;
import java.util.function.Supplier;

import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.Durations;
import io.github.fallbackllm.provider.ProviderException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Bounds one try in time: an answer must come within the response timeout; a stream must
 * show text within the first-token timeout, then a chunk at least every idle timeout
 * while its consumer is asking for more. Until the first item, the call's deadline bounds
 * the try too. A timeout fails the try as {@link AttemptOutcome#TIMEOUT}.
 *
 * @author Fallback LLM contributors
 */
final class AttemptLimits {

	private AttemptLimits() {
	}

	static <T> Flux<T> bound(Flux<T> items, boolean streaming, AttemptTimeouts timeouts, Call call, Duration deadline) {
		Duration own = streaming ? timeouts.firstToken() : timeouts.response();
		Duration left = call.remaining();
		boolean deadlineFirst = left.compareTo(own) < 0;
		// Worded only when it happens: formatting durations on every try shows in
		// profiles.
		Supplier<String> firstDetail = deadlineFirst
				? () -> "the call's deadline of " + Durations.format(deadline) + " ran out while waiting for it"
				: () -> (streaming ? "no text within " : "no answer within ") + Durations.format(own);
		Duration first = deadlineFirst ? left : own;
		if (!streaming) {
			return items.timeout(first, timedOut(firstDetail));
		}
		StreamDemand demand = new StreamDemand();
		return items
			.timeout(Mono.delay(first), (item) -> demand.delivered().then(Mono.delay(timeouts.idle())), timedOut(
					() -> call.isCommitted() ? "no chunk for " + Durations.format(timeouts.idle()) : firstDetail.get()))
			.doOnRequest(demand::requested);
	}

	private static <T> Flux<T> timedOut(Supplier<String> detail) {
		return Flux.error(() -> ProviderException.of(AttemptOutcome.TIMEOUT, detail.get()));
	}

}
