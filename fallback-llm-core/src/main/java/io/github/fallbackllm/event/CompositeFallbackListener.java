package io.github.fallbackllm.event;

import java.util.List;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Hands every event to several listeners, in order; one that throws does not keep the
 * others from hearing it, nor fail the call.
 *
 * @author Fallback LLM contributors
 */
public final class CompositeFallbackListener implements FallbackListener {

	private static final Log logger = LogFactory.getLog(CompositeFallbackListener.class);

	private final List<FallbackListener> listeners;

	private CompositeFallbackListener(List<FallbackListener> listeners) {
		this.listeners = listeners;
	}

	/**
	 * Return one listener for all of the given ones.
	 * @param listeners the listeners, in order
	 * @return the listener; the only one as is
	 */
	public static FallbackListener of(List<FallbackListener> listeners) {
		return (listeners.size() == 1) ? listeners.get(0) : new CompositeFallbackListener(List.copyOf(listeners));
	}

	private void each(Consumer<FallbackListener> event) {
		for (FallbackListener listener : this.listeners) {
			try {
				event.accept(listener);
			}
			catch (RuntimeException ex) {
				logger.warn("Fallback listener " + listener.getClass().getName() + " failed; ignored", ex);
			}
		}
	}

	@Override
	public void onAttemptStarted(AttemptStarted event) {
		each((listener) -> listener.onAttemptStarted(event));
	}

	@Override
	public void onAttemptFinished(AttemptFinished event) {
		each((listener) -> listener.onAttemptFinished(event));
	}

	@Override
	public void onTargetSkipped(TargetSkipped event) {
		each((listener) -> listener.onTargetSkipped(event));
	}

	@Override
	public void onRetryScheduled(RetryScheduled event) {
		each((listener) -> listener.onRetryScheduled(event));
	}

	@Override
	public void onFallingBack(FallingBack event) {
		each((listener) -> listener.onFallingBack(event));
	}

	@Override
	public void onCooldownStarted(CooldownStarted event) {
		each((listener) -> listener.onCooldownStarted(event));
	}

	@Override
	public void onCooldownEnded(CooldownEnded event) {
		each((listener) -> listener.onCooldownEnded(event));
	}

	@Override
	public void onHedgeStarted(HedgeStarted event) {
		each((listener) -> listener.onHedgeStarted(event));
	}

	@Override
	public void onHedgeWon(HedgeWon event) {
		each((listener) -> listener.onHedgeWon(event));
	}

	@Override
	public void onCallSucceeded(CallSucceeded event) {
		each((listener) -> listener.onCallSucceeded(event));
	}

	@Override
	public void onCallFailed(CallFailed event) {
		each((listener) -> listener.onCallFailed(event));
	}

}
