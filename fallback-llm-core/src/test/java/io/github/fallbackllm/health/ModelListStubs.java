package io.github.fallbackllm.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Model-list bodies in the providers' documented formats, and a clock tests can move.
 */
public final class ModelListStubs {

	private ModelListStubs() {
	}

	public static String openAiModels(String... ids) {
		return Arrays.stream(ids)
			.map((id) -> "{\"id\":\"%s\",\"object\":\"model\",\"created\":1686935002,\"owned_by\":\"openai\"}"
				.formatted(id))
			.collect(Collectors.joining(",", "{\"object\":\"list\",\"data\":[", "]}"));
	}

	public static String anthropicModels(String... ids) {
		return Arrays.stream(ids)
			.map((id) -> "{\"type\":\"model\",\"id\":\"%s\",\"display_name\":\"%s\",\"created_at\":\"2025-09-29T00:00:00Z\"}"
				.formatted(id, id))
			.collect(
					Collectors.joining(",", "{\"data\":[", "],\"has_more\":false,\"first_id\":null,\"last_id\":null}"));
	}

	/**
	 * A clock that stands still until moved.
	 */
	public static final class MutableClock extends Clock {

		private volatile Instant now = Instant.parse("2026-03-01T10:00:00Z");

		public void advance(Duration duration) {
			this.now = this.now.plus(duration);
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
			return this.now;
		}

	}

}
