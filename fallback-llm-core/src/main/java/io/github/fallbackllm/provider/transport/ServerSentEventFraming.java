package io.github.fallbackllm.provider.transport;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.provider.ProviderException;
import org.jspecify.annotations.Nullable;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;

/**
 * Server-sent events as the HTML standard frames them: lines ended by CR, LF or CRLF;
 * {@code event}, {@code data} (joined with LF) and {@code id} fields; comments ignored; a
 * blank line ends an event. Lines are cut on bytes and decoded as UTF-8 only when whole,
 * so a character split across buffers survives. An event left open when the body ends is
 * still delivered, as Spring's reader does, since some endpoints omit the last blank
 * line.
 *
 * @author Fallback LLM contributors
 */
final class ServerSentEventFraming implements StreamFraming {

	@Override
	public MediaType mediaType() {
		return MediaType.TEXT_EVENT_STREAM;
	}

	@Override
	public FrameReader reader(int maxEventBytes) {
		return new Reader(maxEventBytes);
	}

	private static final class Reader implements FrameReader {

		private final int maxEventBytes;

		/** The bytes of a line that started in an earlier buffer. */
		private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

		private boolean afterCarriageReturn;

		private int eventBytes;

		private @Nullable String name;

		private @Nullable String id;

		private @Nullable StringBuilder data;

		private @Nullable ProviderException failure;

		Reader(int maxEventBytes) {
			this.maxEventBytes = maxEventBytes;
		}

		@Override
		public List<ServerSentEvent<String>> read(DataBuffer buffer) {
			throwFailure();
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			List<ServerSentEvent<String>> events = new ArrayList<>(2);
			int start = 0;
			for (int i = 0; i < bytes.length && this.failure == null; i++) {
				byte b = bytes[i];
				if (b != '\n' && b != '\r') {
					continue;
				}
				boolean crlfTail = b == '\n' && i == start && this.afterCarriageReturn && this.pending.size() == 0;
				this.afterCarriageReturn = b == '\r';
				if (!crlfTail) {
					line(bytes, start, i - start, events);
				}
				start = i + 1;
			}
			if (this.failure == null && start < bytes.length) {
				this.afterCarriageReturn = false;
				hold(bytes, start, bytes.length - start);
			}
			return events;
		}

		@Override
		public List<ServerSentEvent<String>> finish() {
			throwFailure();
			List<ServerSentEvent<String>> events = new ArrayList<>(1);
			if (this.pending.size() > 0) {
				line(new byte[0], 0, 0, events);
			}
			dispatch(events);
			throwFailure();
			return events;
		}

		private void throwFailure() {
			if (this.failure != null) {
				throw this.failure;
			}
		}

		private void hold(byte[] bytes, int offset, int length) {
			if (withinLimit(length)) {
				this.pending.write(bytes, offset, length);
			}
		}

		private boolean withinLimit(int length) {
			this.eventBytes += length;
			if (this.eventBytes > this.maxEventBytes) {
				this.failure = ProviderException.of(AttemptOutcome.INVALID_RESPONSE,
						"stream event larger than " + this.maxEventBytes + " bytes");
				return false;
			}
			return true;
		}

		private void line(byte[] bytes, int offset, int length, List<ServerSentEvent<String>> events) {
			String line;
			if (this.pending.size() > 0) {
				hold(bytes, offset, length);
				line = this.pending.toString(StandardCharsets.UTF_8);
				this.pending.reset();
			}
			else {
				line = new String(bytes, offset, length, StandardCharsets.UTF_8);
				withinLimit(length);
			}
			if (this.failure != null) {
				return;
			}
			if (line.isEmpty()) {
				dispatch(events);
			}
			else if (line.charAt(0) != ':') {
				field(line);
			}
		}

		private void field(String line) {
			int colon = line.indexOf(':');
			String field = (colon < 0) ? line : line.substring(0, colon);
			int from = (colon < 0) ? line.length() : colon + 1;
			if (from < line.length() && line.charAt(from) == ' ') {
				from++;
			}
			String value = line.substring(from);
			switch (field) {
				case "event" -> this.name = value;
				case "id" -> this.id = value;
				case "data" -> {
					if (this.data == null) {
						this.data = new StringBuilder(value);
					}
					else {
						this.data.append('\n').append(value);
					}
				}
				default -> {
				}
			}
		}

		private void dispatch(List<ServerSentEvent<String>> events) {
			if (this.name != null || this.id != null || this.data != null) {
				ServerSentEvent.Builder<String> event = ServerSentEvent.builder();
				if (this.name != null) {
					event.event(this.name);
				}
				if (this.id != null) {
					event.id(this.id);
				}
				if (this.data != null) {
					event.data(this.data.toString());
				}
				events.add(event.build());
			}
			this.name = null;
			this.id = null;
			this.data = null;
			this.eventBytes = 0;
		}

	}

}
