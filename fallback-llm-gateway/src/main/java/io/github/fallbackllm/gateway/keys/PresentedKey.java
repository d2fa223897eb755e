package io.github.fallbackllm.gateway.keys;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * Reads the key a request presents, as {@code Authorization: Bearer <key>} (OpenAI's
 * clients) or {@code x-api-key: <key>} (Anthropic's), in time bounded by
 * {@value #MAX_LENGTH} characters whatever the client sends. A key is printable ASCII
 * without spaces; anything else, several keys, or another scheme than {@code Bearer} is
 * refused. What is refused is never echoed.
 *
 * @author Fallback LLM contributors
 */
record PresentedKey(byte @Nullable [] key, @Nullable Problem problem) {

	/** Longer than any provider's key format; a longer header is refused unread. */
	static final int MAX_LENGTH = 512;

	static final String API_KEY_HEADER = "x-api-key";

	static final String BEARER = "Bearer ";

	/**
	 * Read the key of a request.
	 * @param headers the request's headers
	 * @return the key's bytes, or the problem with it
	 */
	static PresentedKey read(HttpHeaders headers) {
		List<String> authorization = headers.getOrEmpty(HttpHeaders.AUTHORIZATION);
		List<String> apiKey = headers.getOrEmpty(API_KEY_HEADER);
		if (authorization.size() + apiKey.size() == 0) {
			return refused(Problem.MISSING);
		}
		if (authorization.size() > 1 || apiKey.size() > 1) {
			return refused(Problem.SEVERAL);
		}
		byte[] bearer = null;
		if (!authorization.isEmpty()) {
			String value = authorization.get(0);
			if (value.length() > MAX_LENGTH + BEARER.length()) {
				return refused(Problem.MALFORMED);
			}
			if (!value.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
				return refused(Problem.NOT_BEARER);
			}
			bearer = token(value, BEARER.length());
			if (bearer == null) {
				return refused(Problem.MALFORMED);
			}
		}
		byte[] key = null;
		if (!apiKey.isEmpty()) {
			key = token(apiKey.get(0), 0);
			if (key == null) {
				return refused(Problem.MALFORMED);
			}
		}
		if (bearer != null && key != null && !Arrays.equals(bearer, key)) {
			return refused(Problem.SEVERAL);
		}
		return new PresentedKey((bearer != null) ? bearer : key, null);
	}

	@Override
	public String toString() {
		return "PresentedKey[" + ((this.problem != null) ? this.problem : "a key") + "]";
	}

	private static PresentedKey refused(Problem problem) {
		return new PresentedKey(null, problem);
	}

	/**
	 * The key from an offset to the end of a header value: 1 to {@value #MAX_LENGTH}
	 * visible ASCII characters.
	 */
	private static byte @Nullable [] token(String value, int from) {
		int length = value.length() - from;
		if (length < 1 || length > MAX_LENGTH) {
			return null;
		}
		for (int i = from; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c <= 0x20 || c >= 0x7f) {
				return null;
			}
		}
		return value.substring(from).getBytes(StandardCharsets.US_ASCII);
	}

	/**
	 * What is wrong with the key a request presents, as the 401 says it.
	 */
	enum Problem {

		MISSING("No API key: send one of this gateway's keys as 'Authorization: Bearer <key>' or 'x-api-key: <key>'"),

		SEVERAL("Send one API key, as 'Authorization: Bearer <key>' or 'x-api-key: <key>', not several"),

		NOT_BEARER("The Authorization header must use the Bearer scheme: 'Authorization: Bearer <key>'"),

		MALFORMED(
				"The API key is malformed: a key is 1 to " + MAX_LENGTH + " printable ASCII characters without spaces"),

		UNKNOWN("Invalid API key: it is not one of this gateway's keys");

		private final String message;

		Problem(String message) {
			this.message = message;
		}

		String message() {
			return this.message;
		}

	}

}
