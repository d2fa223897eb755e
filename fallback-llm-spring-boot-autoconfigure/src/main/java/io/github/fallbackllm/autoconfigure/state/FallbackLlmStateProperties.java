package io.github.fallbackllm.autoconfigure.state;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the state of targets (cooldowns, failure counts, trial leases) lives. Refers to
 * no class of the optional Redis module, so that it binds without it.
 *
 * @author Fallback LLM contributors
 */
@ConfigurationProperties("llm.fallback.state")
public class FallbackLlmStateProperties {

	/**
	 * Where target states live: 'memory', per instance, or 'redis', shared by every
	 * instance through the application's Redis connection (spring.data.redis.*).
	 */
	private Store store = Store.MEMORY;

	private final Redis redis = new Redis();

	public Store getStore() {
		return this.store;
	}

	public void setStore(Store store) {
		this.store = store;
	}

	public Redis getRedis() {
		return this.redis;
	}

	/**
	 * Where target states live.
	 */
	public enum Store {

		/** In this instance's memory. */
		MEMORY,

		/** In Redis, shared by every instance. */
		REDIS

	}

	/**
	 * How target states are shared through Redis.
	 */
	public static class Redis {

		/**
		 * Prefix of every key and of the channel; by default it names the application, so
		 * that applications sharing one Redis do not mix.
		 */
		private String keyPrefix = "fallback-llm:${spring.application.name:application}";

		/**
		 * Longest wait for one Redis command; past it, the instance works on its own
		 * state until Redis answers again.
		 */
		private Duration timeout = Duration.ofSeconds(1);

		/**
		 * How often each instance compares its state with Redis, which covers missed
		 * messages and notices that Redis is back.
		 */
		private Duration resyncInterval = Duration.ofSeconds(5);

		/**
		 * How long before a cooldown ends the instances decide which of them sends the
		 * one trial call.
		 */
		private Duration trialLead = Duration.ofMillis(200);

		/**
		 * How long the instance that sends the trial call keeps the right to, unless its
		 * trial reports back first.
		 */
		private Duration trialLease = Duration.ofSeconds(10);

		/**
		 * How long a shared failure count lasts without a new failure.
		 */
		private Duration failureWindow = Duration.ofMinutes(5);

		public String getKeyPrefix() {
			return this.keyPrefix;
		}

		public void setKeyPrefix(String keyPrefix) {
			this.keyPrefix = keyPrefix;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public Duration getResyncInterval() {
			return this.resyncInterval;
		}

		public void setResyncInterval(Duration resyncInterval) {
			this.resyncInterval = resyncInterval;
		}

		public Duration getTrialLead() {
			return this.trialLead;
		}

		public void setTrialLead(Duration trialLead) {
			this.trialLead = trialLead;
		}

		public Duration getTrialLease() {
			return this.trialLease;
		}

		public void setTrialLease(Duration trialLease) {
			this.trialLease = trialLease;
		}

		public Duration getFailureWindow() {
			return this.failureWindow;
		}

		public void setFailureWindow(Duration failureWindow) {
			this.failureWindow = failureWindow;
		}

	}

}
