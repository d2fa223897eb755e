package io.github.fallbackllm.provider;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A text as it reads after one decoding a provider may have applied when echoing a value
 * back, remembering where each decoded character came from, so that a secret found in the
 * decoded text can be removed from the original. Decodings: JSON string escapes (such as
 * {@code \/} and the six-character unicode escapes), URL encoding ({@code %2F},
 * {@code +}), and both.
 *
 * @author Fallback LLM contributors
 */
final class DecodedText {

	private final String text;

	/** Index in the original of each decoded character, and the original's length. */
	private final int[] origins;

	private DecodedText(String text, int[] origins) {
		this.text = text;
		this.origins = origins;
	}

	/**
	 * Return the ways to read a text: as is, then each decoding that changes it.
	 * @param original the text
	 * @return the readings, the original first
	 */
	static List<DecodedText> readings(String original) {
		DecodedText raw = of(original);
		List<DecodedText> readings = new ArrayList<>(4);
		readings.add(raw);
		DecodedText json = raw.jsonUnescaped();
		if (json != raw) {
			readings.add(json);
		}
		for (DecodedText base : List.copyOf(readings)) {
			DecodedText url = base.urlDecoded();
			if (url != base) {
				readings.add(url);
			}
		}
		return readings;
	}

	/**
	 * Return a text URL-decoded.
	 * @param original the text
	 * @return the decoded text
	 */
	static String urlDecoded(String original) {
		return of(original).urlDecoded().text();
	}

	private static DecodedText of(String original) {
		int[] identity = new int[original.length() + 1];
		for (int i = 0; i <= original.length(); i++) {
			identity[i] = i;
		}
		return new DecodedText(original, identity);
	}

	String text() {
		return this.text;
	}

	/**
	 * Return the first original index of the decoded range.
	 * @param start the first decoded index
	 * @return the original index
	 */
	int originalStart(int start) {
		return this.origins[start];
	}

	/**
	 * Return the original index just after the decoded range.
	 * @param end the decoded index just after the range
	 * @return the original index
	 */
	int originalEnd(int end) {
		return this.origins[end];
	}

	private DecodedText jsonUnescaped() {
		if (this.text.indexOf('\\') < 0) {
			return this;
		}
		Builder decoded = new Builder(this.text.length());
		int i = 0;
		while (i < this.text.length()) {
			char c = this.text.charAt(i);
			if (c == '\\' && i + 1 < this.text.length()) {
				char escaped = this.text.charAt(i + 1);
				int unicode = (escaped == 'u') ? hex(i + 2, 4) : -1;
				if (unicode >= 0) {
					decoded.add((char) unicode, this.origins[i]);
					i += 6;
					continue;
				}
				char simple = switch (escaped) {
					case '/', '\\', '"', '\'' -> escaped;
					case 'n' -> '\n';
					case 'r' -> '\r';
					case 't' -> '\t';
					case 'b' -> '\b';
					case 'f' -> '\f';
					default -> 0;
				};
				if (simple != 0) {
					decoded.add(simple, this.origins[i]);
					i += 2;
					continue;
				}
			}
			decoded.add(c, this.origins[i]);
			i++;
		}
		return decoded.build(this.origins[this.text.length()]);
	}

	private DecodedText urlDecoded() {
		if (this.text.indexOf('%') < 0 && this.text.indexOf('+') < 0) {
			return this;
		}
		Builder decoded = new Builder(this.text.length());
		int i = 0;
		while (i < this.text.length()) {
			char c = this.text.charAt(i);
			int encoded = (c == '%') ? hex(i + 1, 2) : -1;
			// Keys are ASCII: a byte of a multi-byte character is left as it is.
			if (encoded >= 0 && encoded < 0x80) {
				decoded.add((char) encoded, this.origins[i]);
				i += 3;
				continue;
			}
			decoded.add((c == '+') ? ' ' : c, this.origins[i]);
			i++;
		}
		return decoded.build(this.origins[this.text.length()]);
	}

	private int hex(int from, int digits) {
		if (from + digits > this.text.length()) {
			return -1;
		}
		int value = 0;
		for (int i = from; i < from + digits; i++) {
			int digit = Character.digit(this.text.charAt(i), 16);
			if (digit < 0) {
				return -1;
			}
			value = value * 16 + digit;
		}
		return value;
	}

	private static final class Builder {

		private final StringBuilder text;

		private final int[] origins;

		Builder(int capacity) {
			this.text = new StringBuilder(capacity);
			this.origins = new int[capacity + 1];
		}

		void add(char c, int origin) {
			this.origins[this.text.length()] = origin;
			this.text.append(c);
		}

		DecodedText build(int end) {
			int length = this.text.length();
			int[] origins = Arrays.copyOf(this.origins, length + 1);
			origins[length] = end;
			return new DecodedText(this.text.toString(), origins);
		}

	}

}
