package io.github.fallbackllm.routing;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * A clock that reads Reactor's virtual time, so that cooldowns, deadlines, retry delays
 * and timeouts all move together when a test advances time.
 *
 * @author Fallback LLM contributors
 */
final class VirtualClock extends Clock {

	private final VirtualTimeScheduler scheduler;

	VirtualClock(VirtualTimeScheduler scheduler) {
		this.scheduler = scheduler;
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return this;
	}

	@Override
	public Instant instant() {
		return Instant.ofEpochMilli(this.scheduler.now(TimeUnit.MILLISECONDS));
	}

	long nanoTime() {
		return this.scheduler.now(TimeUnit.NANOSECONDS);
	}

}
