package io.github.fallbackllm.gateway;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Frames server-sent events as bytes, for dialects that write their streams themselves.
 *
 * @author Fallback LLM contributors
 */
public final class ServerSentEvents {

	private static final byte[] EVENT = "event: ".getBytes(StandardCharsets.UTF_8);

	private static final byte[] DATA = "data: ".getBytes(StandardCharsets.UTF_8);

	private static final byte[] NEWLINE = "\n".getBytes(StandardCharsets.UTF_8);

	private static final byte[] END = "\n\n".getBytes(StandardCharsets.UTF_8);

	private ServerSentEvents() {
	}

	/**
	 * Frame an unnamed event: {@code data: <data>} and a blank line.
	 * @param data the event's data, on one line
	 * @return the event
	 */
	public static byte[] data(byte[] data) {
		return concat(List.of(DATA, data, END));
	}

	/**
	 * Frame a named event: {@code event: <name>}, {@code data: <data>} and a blank line.
	 * @param name the event's name
	 * @param data the event's data, on one line
	 * @return the event
	 */
	public static byte[] event(String name, byte[] data) {
		return concat(List.of(EVENT, name.getBytes(StandardCharsets.UTF_8), NEWLINE, DATA, data, END));
	}

	/**
	 * Join events into one array, so that the events of one chunk travel as one element.
	 * @param parts the events, in order
	 * @return the events, joined
	 */
	public static byte[] concat(List<byte[]> parts) {
		if (parts.size() == 1) {
			return parts.get(0);
		}
		int length = 0;
		for (byte[] part : parts) {
			length += part.length;
		}
		byte[] all = new byte[length];
		int offset = 0;
		for (byte[] part : parts) {
			System.arraycopy(part, 0, all, offset, part.length);
			offset += part.length;
		}
		return all;
	}

}
