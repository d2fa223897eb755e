package io.github.fallbackllm.event;

import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.Durations;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Logs what an operator needs and nothing more: one WARN line per hop, one ERROR line
 * when a provider stops serving until someone acts (rejected key, exhausted quota), DEBUG
 * for retries. Never the prompt.
 *
 * @author Fallback LLM contributors
 */
public final class LoggingFallbackListener implements FallbackListener {

	// The router's category, as before listeners existed: logging settings keep working.
	private static final Log logger = LogFactory.getLog("io.github.fallbackllm.routing.FallbackRouter");

	@Override
	public void onFallingBack(FallingBack event) {
		if (logger.isWarnEnabled()) {
			logger.warn("LLM fallback: " + event.failed().describe()
					+ (event.targetsLeft() ? "; trying the next target" : "; no target left"));
		}
	}

	@Override
	public void onRetryScheduled(RetryScheduled event) {
		if (logger.isDebugEnabled()) {
			logger.debug("Retrying LLM target " + event.failed().target() + " in " + Durations.format(event.delay())
					+ " after " + event.failed().describe());
		}
	}

	@Override
	public void onCooldownStarted(CooldownStarted event) {
		AttemptOutcome cause = event.cooldown().cause();
		if (event.model() == null && logger.isErrorEnabled()) {
			logger.error("LLM provider '" + event.provider() + "' " + sentence(event.cooldown().detail()) + " "
					+ ((event.action() != null) ? sentence(capitalized(event.action())) + " " : "")
					+ "Its models are skipped for " + Durations.format(event.length()) + ".");
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("LLM target " + event.target() + " is skipped for " + Durations.format(event.length())
					+ " after " + cause.description());
		}
	}

	private static String sentence(String text) {
		return text.endsWith(".") ? text : text + ".";
	}

	private static String capitalized(String text) {
		return text.isEmpty() ? "" : Character.toUpperCase(text.charAt(0)) + text.substring(1);
	}

}
