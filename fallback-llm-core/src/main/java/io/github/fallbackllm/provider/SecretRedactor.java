package io.github.fallbackllm.provider;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Removes secrets from text that is about to reach a log, an exception or a response: the
 * configured keys themselves, and anything shaped like a key, since providers echo keys
 * back in their error bodies, often partly masked ({@code sk-PMafP***E873}). Secrets are
 * found in the text as it is and as it reads after JSON unescaping, URL decoding, or
 * both, the ways a provider may encode what it echoes; other encodings, such as base64,
 * are not undone.
 * <p>
 * Text from a provider may be hundreds of kilobytes: only its first {@value #MAX_LENGTH}
 * characters are kept, cut before any search runs, and every pattern works in linear
 * time.
 *
 * @author Fallback LLM contributors
 */
public final class SecretRedactor {

	/** Replacement for a removed secret. */
	public static final String REDACTED = "[REDACTED]";

	/** The longest text {@link #redact(String)} returns, before its ellipsis. */
	static final int MAX_LENGTH = 4096;

	/** How far past the cut to look, at least, for a secret that starts before it. */
	private static final int MIN_REACH = 64;

	/** The longest form of one character: a JSON unicode escape, six characters. */
	private static final int MAX_ENCODED_CHAR = 6;

	private static final SecretRedactor PATTERNS_ONLY = new SecretRedactor(List.of());

	private static final Pattern SENSITIVE_HEADER = Pattern
		.compile("(?i).*(auth|key|token|secret|password|cookie|credential).*");

	/**
	 * Key-shaped text. Each alternative starts at a fixed prefix or at the start of a
	 * word and never backtracks into a word ({@code *+}), so a search is linear.
	 */
	private static final Pattern KEY_LIKE = Pattern
		.compile("(?i)\\b(?:sk|gsk|xai|pk|rk)[-_][\\w*\\-]{4,}+" + "|(?<![\\w\\-])[\\w\\-]*+\\*{3,}+[\\w\\-]*+"
				+ "|(?<=bearer )\\S++" + "|(?<=api[-_]key[\"'=: ]{1,4})[^\\s\"',:=&}]++");

	private static final Pattern URL_USER_INFO = Pattern.compile("(?<=://)([^/?#@]*)@");

	private static final Pattern URL_CREDENTIAL_PARAMETER = Pattern
		.compile("(?i)([?&][^=&#]*(?:key|token|secret|sig|password|auth|credential)[^=&#]*=)([^&#]*)");

	/** Shorter values would match ordinary words; such keys are placeholders anyway. */
	private static final int MIN_SECRET_LENGTH = 4;

	private final List<String> secrets;

	private final int reach;

	private SecretRedactor(List<String> secrets) {
		this.secrets = secrets;
		int longest = secrets.isEmpty() ? 0 : secrets.get(0).length();
		this.reach = Math.max(MIN_REACH, longest * MAX_ENCODED_CHAR);
	}

	/**
	 * Create a redactor for the given secrets, on top of the key-shaped patterns.
	 * @param secrets the exact values to remove
	 * @return the redactor
	 */
	public static SecretRedactor of(Collection<String> secrets) {
		List<String> usable = new ArrayList<>();
		for (String secret : secrets) {
			if (secret != null && secret.strip().length() >= MIN_SECRET_LENGTH && !usable.contains(secret)) {
				usable.add(secret);
			}
		}
		if (usable.isEmpty()) {
			return PATTERNS_ONLY;
		}
		// Longest first, so a key that contains another key is removed whole.
		usable.sort(Comparator.comparingInt(String::length).reversed());
		return new SecretRedactor(List.copyOf(usable));
	}

	/**
	 * Return a redactor that only removes key-shaped text.
	 * @return the redactor
	 */
	public static SecretRedactor patternsOnly() {
		return PATTERNS_ONLY;
	}

	/**
	 * Return the text with every secret replaced by {@value #REDACTED}, cut to its first
	 * {@value #MAX_LENGTH} characters, followed by {@code ...} when cut.
	 * @param text the text
	 * @return the redacted text, empty for {@code null}
	 */
	public String redact(@Nullable String text) {
		if (text == null || text.isEmpty()) {
			return "";
		}
		int kept = Math.min(text.length(), MAX_LENGTH);
		// Searched past the cut, so that a secret across it is seen, and hidden, whole.
		String searched = text.substring(0, Math.min(text.length(), kept + this.reach));
		List<int[]> hidden = new ArrayList<>();
		for (DecodedText reading : DecodedText.readings(searched)) {
			String decoded = reading.text();
			for (String secret : this.secrets) {
				for (int at = decoded.indexOf(secret); at >= 0; at = decoded.indexOf(secret, at + 1)) {
					hidden.add(new int[] { reading.originalStart(at), reading.originalEnd(at + secret.length()) });
				}
			}
			Matcher keyLike = KEY_LIKE.matcher(decoded);
			while (keyLike.find()) {
				hidden.add(new int[] { reading.originalStart(keyLike.start()), reading.originalEnd(keyLike.end()) });
			}
		}
		String redacted = replace(text, kept, hidden);
		// Marks are longer than short secrets: cutting the result is safe, it has none.
		if (redacted.length() > MAX_LENGTH) {
			return redacted.substring(0, MAX_LENGTH) + "...";
		}
		return redacted + ((kept < text.length()) ? "..." : "");
	}

	/**
	 * Copy the first characters of a text, writing the hidden ranges as one mark each.
	 */
	private static String replace(String text, int kept, List<int[]> hidden) {
		hidden.sort(Comparator.comparingInt((int[] range) -> range[0]));
		StringBuilder result = new StringBuilder(kept);
		int copied = 0;
		for (int[] range : hidden) {
			if (range[0] >= kept) {
				break;
			}
			if (range[1] > copied) {
				if (range[0] >= copied) {
					result.append(text, copied, range[0]).append(REDACTED);
				}
				copied = range[1];
			}
		}
		if (copied < kept) {
			result.append(text, copied, kept);
		}
		return result.toString();
	}

	/**
	 * Return a URL fit to show: without user info, with credential-like query parameters
	 * and known secrets replaced.
	 * @param url the URL
	 * @return the redacted URL
	 */
	public String redactUrl(String url) {
		String withoutUserInfo = URL_USER_INFO.matcher(url).replaceFirst("");
		return redact(URL_CREDENTIAL_PARAMETER.matcher(withoutUserInfo).replaceAll("$1" + REDACTED));
	}

	/**
	 * Return the secrets among a provider's key and headers.
	 * @param apiKey the key
	 * @param headers extra headers; values of credential-like headers are secrets
	 * @return the secrets
	 */
	public static List<String> secretsOf(@Nullable String apiKey, Map<String, String> headers) {
		return secretsOf(apiKey, headers, null);
	}

	/**
	 * Return the secrets among a provider's key, headers and base URL.
	 * @param apiKey the key
	 * @param headers extra headers; values of credential-like headers are secrets
	 * @param baseUrl the base URL; its user info's password (or the whole user info
	 * without one) and the values of credential-like query parameters, as written and
	 * decoded, are secrets
	 * @return the secrets
	 */
	public static List<String> secretsOf(@Nullable String apiKey, Map<String, String> headers,
			@Nullable String baseUrl) {
		List<String> secrets = new ArrayList<>();
		if (apiKey != null) {
			secrets.add(apiKey);
		}
		headers.forEach((name, value) -> {
			if (isSensitiveHeader(name) && value != null) {
				secrets.add(value);
			}
		});
		if (baseUrl != null) {
			addUrlCredentials(baseUrl, secrets);
		}
		return secrets;
	}

	private static void addUrlCredentials(String url, List<String> secrets) {
		Matcher userInfo = URL_USER_INFO.matcher(url);
		if (userInfo.find()) {
			String credentials = userInfo.group(1);
			int colon = credentials.indexOf(':');
			secrets.add((colon >= 0) ? credentials.substring(colon + 1) : credentials);
		}
		Matcher parameter = URL_CREDENTIAL_PARAMETER.matcher(url);
		while (parameter.find()) {
			String value = parameter.group(2);
			if (!value.isEmpty()) {
				secrets.add(value);
				String decoded = DecodedText.urlDecoded(value);
				if (!decoded.equals(value)) {
					secrets.add(decoded);
				}
			}
		}
	}

	/**
	 * Describe a secret without revealing it: whether it is set and its length.
	 * @param secret the secret
	 * @return the masked form
	 */
	public static String mask(@Nullable String secret) {
		return (secret == null || secret.isEmpty()) ? "<none>" : "<" + secret.length() + " characters, hidden>";
	}

	static Map<String, String> maskSensitive(Map<String, String> headers) {
		Map<String, String> masked = new LinkedHashMap<>();
		headers.forEach((name, value) -> masked.put(name, isSensitiveHeader(name) ? mask(value) : value));
		return masked;
	}

	/**
	 * Return whether a header carries credentials, judged by its name.
	 * @param name the header name
	 * @return whether its value is a secret
	 */
	public static boolean isSensitiveHeader(String name) {
		return SENSITIVE_HEADER.matcher(name).matches();
	}

}
