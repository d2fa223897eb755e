package io.github.fallbackllm.event;

import java.time.Duration;
import java.util.List;

import io.github.fallbackllm.chat.Attempt;
import io.github.fallbackllm.chat.FallbackChatException;
import io.github.fallbackllm.state.Cooldown;
import org.jspecify.annotations.Nullable;

/**
 * Hears each step of every chat call. Methods are called on the call's thread, often a
 * Reactor event loop: they must be quick and must not block; what a listener throws is
 * logged and ignored. Every method does nothing by default.
 *
 * @author Fallback LLM contributors
 */
public interface FallbackListener {

	/**
	 * A request is about to be sent to a target.
	 * @param event the event
	 */
	default void onAttemptStarted(AttemptStarted event) {
	}

	/**
	 * A target answered (its first chunk, for a stream) or failed.
	 * @param event the event
	 */
	default void onAttemptFinished(AttemptFinished event) {
	}

	/**
	 * A target was not called: cooling down, recovering, or lacking what the request
	 * needs.
	 * @param event the event
	 */
	default void onTargetSkipped(TargetSkipped event) {
	}

	/**
	 * A failed target is about to be tried again.
	 * @param event the event
	 */
	default void onRetryScheduled(RetryScheduled event) {
	}

	/**
	 * A failed target is left for the next one, or for none.
	 * @param event the event
	 */
	default void onFallingBack(FallingBack event) {
	}

	/**
	 * A target, or a whole provider, starts cooling down.
	 * @param event the event
	 */
	default void onCooldownStarted(CooldownStarted event) {
	}

	/**
	 * A cooled-down target, or provider, answered again.
	 * @param event the event
	 */
	default void onCooldownEnded(CooldownEnded event) {
	}

	/**
	 * A call got its answer: the whole answer, or a stream's first chunk.
	 * @param event the event
	 */
	default void onCallSucceeded(CallSucceeded event) {
	}

	/**
	 * A call ended without an answer, or a stream broke after its first chunk.
	 * @param event the event
	 */
	default void onCallFailed(CallFailed event) {
	}

	/**
	 * A slow call started a hedge: another target, while the first has not answered.
	 * @param event the event
	 */
	default void onHedgeStarted(HedgeStarted event) {
	}

	/**
	 * A hedge answered before the target it hedged, which was cancelled.
	 * @param event the event
	 */
	default void onHedgeWon(HedgeWon event) {
	}

	/**
	 * @param route the call's route
	 * @param after how long the call waited for an answer before the hedge
	 * @param streaming whether the call is a stream
	 */
	record HedgeStarted(String route, Duration after, boolean streaming) {
	}

	/**
	 * @param route the call's route
	 * @param provider the provider of the hedge that answered
	 * @param model the model of the hedge that answered
	 * @param streaming whether the call is a stream
	 */
	record HedgeWon(String route, String provider, String model, boolean streaming) {
	}

	/**
	 * @param provider the provider's name
	 * @param model the model
	 * @param streaming whether the call is a stream
	 */
	record AttemptStarted(String provider, String model, boolean streaming) {
	}

	/**
	 * @param attempt what happened, with its duration (to the first chunk, for a stream)
	 * and any cooldown it started
	 * @param streaming whether the call is a stream
	 */
	record AttemptFinished(Attempt attempt, boolean streaming) {
	}

	/**
	 * @param route the route of the call
	 * @param attempt the skip, with its outcome ({@code SKIPPED} or {@code UNSUPPORTED})
	 * and why
	 */
	record TargetSkipped(String route, Attempt attempt) {
	}

	/**
	 * @param failed the attempt that failed
	 * @param delay the wait before the retry
	 */
	record RetryScheduled(Attempt failed, Duration delay) {
	}

	/**
	 * @param failed the attempt that failed
	 * @param targetsLeft whether a later target remains to try
	 */
	record FallingBack(Attempt failed, boolean targetsLeft) {
	}

	/**
	 * @param provider the provider's name
	 * @param model the model, or {@code null} when every model of the provider cools
	 * @param cooldown until when and why
	 * @param length how long it lasts from now
	 * @param action what a user should change, if the failure is theirs to fix
	 */
	record CooldownStarted(String provider, @Nullable String model, Cooldown cooldown, Duration length,
			@Nullable String action) {

		/**
		 * Return what cools down: {@code provider/model}, or the provider.
		 * @return the name
		 */
		public String target() {
			return (this.model != null) ? this.provider + "/" + this.model : this.provider;
		}

	}

	/**
	 * @param provider the provider's name
	 * @param model the model, or {@code null} when the provider as a whole is back
	 */
	record CooldownEnded(String provider, @Nullable String model) {
	}

	/**
	 * @param route the route of the call
	 * @param provider the provider that answered
	 * @param model the model that answered
	 * @param attempts every attempt of the call, the answer last
	 * @param fallback whether the answer came from a target other than the first one the
	 * call could use
	 * @param streaming whether the call is a stream
	 */
	record CallSucceeded(String route, String provider, String model, List<Attempt> attempts, boolean fallback,
			boolean streaming) {
	}

	/**
	 * @param failure the error the caller gets, with every attempt
	 * @param streaming whether the call is a stream
	 */
	record CallFailed(FallbackChatException failure, boolean streaming) {
	}

}
