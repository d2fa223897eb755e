package io.github.fallbackllm.gateway;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * What becomes of an error that comes after a gateway call was cancelled because its
 * client left. Such an error reaches no one, and Reactor drops it, by default with an
 * {@code ERROR} and a stack trace ("Operator called default onErrorDropped"): WebClient
 * raises one when the client leaves just as the provider's answer arrives ("The client
 * response body has been released already due to cancellation"). A client leaving is no
 * failure of the gateway's, so such errors are logged at debug level; an error dropped by
 * a call that was not cancelled is a fault, and is logged as a warning.
 *
 * @author Fallback LLM contributors
 */
public final class CancelledCalls {

	private static final Log logger = LogFactory.getLog(CancelledCalls.class);

	/** Reactor's key of a subscriber's own handler of errors it drops. */
	private static final String ON_ERROR_DROPPED = "reactor.onErrorDropped.local";

	private CancelledCalls() {
	}

	/**
	 * Return a call whose dropped errors are logged as described above.
	 * @param <T> the call's answer
	 * @param call the call, as served to one client
	 * @return the call
	 */
	public static <T> Mono<T> handleLateErrors(Mono<T> call) {
		AtomicBoolean cancelled = new AtomicBoolean();
		Consumer<Throwable> dropped = (error) -> {
			if (cancelled.get()) {
				if (logger.isDebugEnabled()) {
					logger.debug("An error came after the call was cancelled, its client gone: " + error);
				}
			}
			else {
				logger.warn("An error came after the call had ended, and was dropped", error);
			}
		};
		// The flag is set before the cancellation goes upstream, where the error comes
		// from.
		return call.doOnCancel(() -> cancelled.set(true)).contextWrite(Context.of(ON_ERROR_DROPPED, dropped));
	}

}
