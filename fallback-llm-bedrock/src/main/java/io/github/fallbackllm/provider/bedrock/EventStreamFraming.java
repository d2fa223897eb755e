package io.github.fallbackllm.provider.bedrock;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.provider.ProviderErrors;
import io.github.fallbackllm.provider.ProviderException;
import io.github.fallbackllm.provider.transport.StreamFraming;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;
import software.amazon.awssdk.eventstream.MessageDecoder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;

/**
 * AWS event-stream framing ({@code application/vnd.amazon.eventstream}), decoded with the
 * SDK's codec, which checks both CRCs. An {@code event} frame becomes an event named by
 * its {@code :event-type} with its JSON payload as data; an {@code exception} frame
 * ({@code :exception-type}) or an {@code error} frame ({@code :error-code},
 * {@code :error-message}) becomes an event whose data is the error envelope
 * {@code {"error":{"type","message"}}}, so that it fails the stream like an error event
 * of any other provider.
 *
 * @author Fallback LLM contributors
 */
final class EventStreamFraming implements StreamFraming {

	static final MediaType EVENT_STREAM = MediaType.parseMediaType("application/vnd.amazon.eventstream");

	private static final JsonMapper JSON = JsonMapper.shared();

	@Override
	public MediaType mediaType() {
		return EVENT_STREAM;
	}

	@Override
	public FrameReader reader(int maxEventBytes) {
		return new Reader(maxEventBytes);
	}

	static ServerSentEvent<String> event(Message message) {
		Map<String, HeaderValue> headers = message.getHeaders();
		String type = string(headers, ":message-type");
		byte[] payload = message.getPayload();
		if ("exception".equals(type)) {
			JsonNode body = ProviderErrors.parse(payload);
			ObjectNode error = (body != null) ? (ObjectNode) body.deepCopy() : JSON.createObjectNode();
			error.put("type", string(headers, ":exception-type"));
			return error(error);
		}
		if ("error".equals(type)) {
			return error(JSON.createObjectNode()
				.put("type", string(headers, ":error-code"))
				.put("message", string(headers, ":error-message")));
		}
		return ServerSentEvent.<String>builder()
			.event(string(headers, ":event-type"))
			.data(new String(payload, StandardCharsets.UTF_8))
			.build();
	}

	private static ServerSentEvent<String> error(ObjectNode error) {
		ObjectNode envelope = JSON.createObjectNode();
		envelope.set("error", error);
		return ServerSentEvent.<String>builder().event("error").data(JSON.writeValueAsString(envelope)).build();
	}

	private static String string(Map<String, HeaderValue> headers, String name) {
		HeaderValue value = headers.get(name);
		return (value != null) ? value.getString() : "";
	}

	private static final class Reader implements FrameReader {

		private final int maxEventBytes;

		private final List<ServerSentEvent<String>> events = new ArrayList<>();

		private final MessageDecoder decoder = new MessageDecoder(this::accept);

		private @Nullable ProviderException failure;

		Reader(int maxEventBytes) {
			this.maxEventBytes = maxEventBytes;
		}

		private void accept(Message message) {
			if (message.getPayload().length > this.maxEventBytes) {
				throw ProviderException.of(AttemptOutcome.INVALID_RESPONSE,
						"stream event larger than " + this.maxEventBytes + " bytes");
			}
			this.events.add(event(message));
		}

		@Override
		public List<ServerSentEvent<String>> read(DataBuffer buffer) {
			if (this.failure != null) {
				throw this.failure;
			}
			try (DataBuffer.ByteBufferIterator buffers = buffer.readableByteBuffers()) {
				while (buffers.hasNext()) {
					ByteBuffer next = buffers.next();
					this.decoder.feed(next);
				}
			}
			catch (ProviderException ex) {
				this.failure = ex;
			}
			catch (RuntimeException ex) {
				// A CRC mismatch or an impossible length: nothing after it can be
				// trusted.
				this.failure = ProviderException.of(AttemptOutcome.INVALID_RESPONSE,
						"broken event-stream frame: " + ex.getClass().getSimpleName());
			}
			List<ServerSentEvent<String>> read = List.copyOf(this.events);
			this.events.clear();
			return read;
		}

		@Override
		public List<ServerSentEvent<String>> finish() {
			if (this.failure != null) {
				throw this.failure;
			}
			return List.of();
		}

	}

}
