package io.github.fallbackllm.provider.bedrock;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;

/** ConverseStream frames encoded with the SDK's own event-stream codec. */
final class BedrockFrames {

	private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

	static BedrockFrames stream() {
		return new BedrockFrames();
	}

	BedrockFrames event(String type, String json) {
		Map<String, HeaderValue> headers = new LinkedHashMap<>();
		headers.put(":message-type", HeaderValue.fromString("event"));
		headers.put(":event-type", HeaderValue.fromString(type));
		headers.put(":content-type", HeaderValue.fromString("application/json"));
		return add(new Message(headers, json.getBytes(StandardCharsets.UTF_8)));
	}

	BedrockFrames text(String text) {
		return event("contentBlockDelta",
				"{\"contentBlockIndex\":0,\"delta\":{\"text\":\"" + text + "\"},\"p\":\"abcdefgh\"}");
	}

	BedrockFrames start() {
		return event("messageStart", "{\"role\":\"assistant\"}");
	}

	BedrockFrames end(String stopReason) {
		return event("contentBlockStop", "{\"contentBlockIndex\":0}")
			.event("messageStop", "{\"stopReason\":\"" + stopReason + "\"}")
			.event("metadata", "{\"usage\":{\"inputTokens\":12,\"outputTokens\":3,\"totalTokens\":15},"
					+ "\"metrics\":{\"latencyMs\":200}}");
	}

	BedrockFrames exception(String type, String message) {
		Map<String, HeaderValue> headers = new LinkedHashMap<>();
		headers.put(":message-type", HeaderValue.fromString("exception"));
		headers.put(":exception-type", HeaderValue.fromString(type));
		headers.put(":content-type", HeaderValue.fromString("application/json"));
		return add(new Message(headers, ("{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8)));
	}

	private BedrockFrames add(Message message) {
		ByteBuffer buffer = message.toByteBuffer();
		byte[] frame = new byte[buffer.remaining()];
		buffer.get(frame);
		this.bytes.writeBytes(frame);
		return this;
	}

	byte[] bytes() {
		return this.bytes.toByteArray();
	}

}
