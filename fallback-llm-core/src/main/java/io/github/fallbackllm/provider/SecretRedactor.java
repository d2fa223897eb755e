package io.github.fallbackllm.provider;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Removes secrets from text that is about to reach a log, an exception or a response: the
 * configured keys themselves, and anything shaped like a key, since providers echo keys
 * back in their error bodies, often partly masked ({@code sk-PMafP***E873}).
 *
 * @author Fallback LLM contributors
 */
public final class SecretRedactor {

	/** Replacement for a removed secret. */
	public static final String REDACTED = "[REDACTED]";

	private static final SecretRedactor PATTERNS_ONLY = new SecretRedactor(List.of());

	private static final Pattern SENSITIVE_HEADER = Pattern
		.compile("(?i).*(auth|key|token|secret|password|cookie|credential).*");

	private static final Pattern KEY_LIKE = Pattern.compile("(?i)\\b(?:sk|gsk|xai|pk|rk)[-_][\\w*\\-]{4,}"
			+ "|[\\w\\-]*\\*{3,}[\\w\\-]*" + "|(?<=bearer )\\S+" + "|(?<=api[-_]key[\"'=: ]{1,4})[^\\s\"',:=&}]+");

	private static final Pattern URL_USER_INFO = Pattern.compile("(?<=://)[^/?#@]*@");

	private static final Pattern URL_CREDENTIAL_PARAMETER = Pattern
		.compile("(?i)([?&][^=&#]*(?:key|token|secret|sig|password|auth|credential)[^=&#]*=)[^&#]*");

	/** Shorter values would match ordinary words; such keys are placeholders anyway. */
	private static final int MIN_SECRET_LENGTH = 4;

	private final List<String> secrets;

	private SecretRedactor(List<String> secrets) {
		this.secrets = secrets;
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
	 * Return the text with every secret replaced by {@value #REDACTED}.
	 * @param text the text
	 * @return the redacted text, empty for {@code null}
	 */
	public String redact(@Nullable String text) {
		if (text == null || text.isEmpty()) {
			return "";
		}
		String result = text;
		for (String secret : this.secrets) {
			result = result.replace(secret, REDACTED);
		}
		return KEY_LIKE.matcher(result).replaceAll(REDACTED);
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
		List<String> secrets = new ArrayList<>();
		if (apiKey != null) {
			secrets.add(apiKey);
		}
		headers.forEach((name, value) -> {
			if (isSensitiveHeader(name) && value != null) {
				secrets.add(value);
			}
		});
		return secrets;
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
