package io.github.fallbackllm.provider;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.regex.Pattern;

import io.github.fallbackllm.chat.AttemptOutcome;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;

/**
 * Turns provider error responses into {@link ProviderException}s. Classification uses the
 * HTTP status and the error envelope's {@code type} and {@code code}, never the message
 * text, which providers reword freely. Understands the OpenAI envelope
 * ({@code {"error":{"message","type","code"}}}, including Azure's string codes), the
 * Anthropic one ({@code {"type":"error","error":{"type","message"}}}), Google's
 * ({@code {"error":{"code","status","message"}}}, also wrapped in an array) and plain
 * {@code {"error":"text"}}. A provider adds codes and statuses of its own with an
 * {@link ErrorVocabulary}.
 *
 * @author Fallback LLM contributors
 */
public final class ProviderErrors {

	private static final JsonMapper JSON = JsonMapper.shared();

	private static final Set<String> QUOTA = Set.of("insufficient_quota", "billing_error", "billing_hard_limit_reached",
			"enforced_spend_limit_reached");

	private static final Set<String> CREDENTIALS = Set.of("invalid_api_key", "authentication_error", "permission_error",
			"unsupported_country_region_territory");

	private static final Set<String> RATE_LIMIT = Set.of("rate_limit_exceeded", "rate_limit_error", "tokens",
			"requests");

	private static final Set<String> CONTEXT = Set.of("context_length_exceeded", "request_too_large",
			"string_above_max_length");

	private static final Set<String> CONTENT_FILTER = Set.of("content_filter", "content_policy_violation");

	private static final Set<String> NOT_FOUND = Set.of("model_not_found", "not_found_error", "DeploymentNotFound");

	/** A parameter or value this endpoint or model does not take, such as tools. */
	private static final Set<String> UNSUPPORTED = Set.of("unsupported_parameter", "unsupported_value");

	private static final Set<String> SERVER = Set.of("server_error", "api_error", "overloaded_error", "timeout_error");

	private static final int MAX_DETAIL_LENGTH = 300;

	private static final Pattern WHITESPACE = Pattern.compile("\\s+");

	private ProviderErrors() {
	}

	/**
	 * Classify a non-2xx response.
	 * @param status the HTTP status
	 * @param headers the response headers, for {@code Retry-After} and rate-limit resets
	 * @param body the response body, possibly empty or not JSON
	 * @param redactor removes secrets from what the provider said
	 * @return the failure
	 */
	public static ProviderException fromResponse(int status, HttpHeaders headers, byte[] body,
			SecretRedactor redactor) {
		return fromResponse(status, headers, body, redactor, ErrorVocabulary.STANDARD);
	}

	/**
	 * Classify a non-2xx response with a provider's own error vocabulary.
	 * @param status the HTTP status
	 * @param headers the response headers, for {@code Retry-After} and rate-limit resets
	 * @param body the response body, possibly empty or not JSON
	 * @param redactor removes secrets from what the provider said
	 * @param vocabulary what the provider adds to the standard vocabulary
	 * @return the failure
	 */
	public static ProviderException fromResponse(int status, HttpHeaders headers, byte[] body, SecretRedactor redactor,
			ErrorVocabulary vocabulary) {
		JsonNode root = envelope(body);
		Duration retryAfter = vocabulary.retryAfterHeaders().read(headers, Instant.now(), status == 429);
		JsonNode error = (root != null) ? vocabulary.error(root, headers) : null;
		if (error != null && !error.isMissingNode()) {
			return fromEnvelope(error, status, retryAfter, redactor, vocabulary);
		}
		return new ProviderException(classify(status, null, null), status, null,
				describeBody(redactor.redact(new String(body, StandardCharsets.UTF_8))), retryAfter, null);
	}

	/**
	 * Classify an error envelope that arrived without an error status: in a 2xx body or
	 * as a stream event.
	 * @param root the parsed body or event
	 * @param redactor removes secrets from what the provider said
	 * @return the failure, or {@code null} when the JSON holds no error
	 */
	public static @Nullable ProviderException fromEmbeddedError(JsonNode root, SecretRedactor redactor) {
		return fromEmbeddedError(root, redactor, ErrorVocabulary.STANDARD);
	}

	/**
	 * Classify an error envelope that arrived without an error status, with a provider's
	 * own error vocabulary.
	 * @param root the parsed body or event
	 * @param redactor removes secrets from what the provider said
	 * @param vocabulary what the provider adds to the standard vocabulary
	 * @return the failure, or {@code null} when the JSON holds no error
	 */
	public static @Nullable ProviderException fromEmbeddedError(JsonNode root, SecretRedactor redactor,
			ErrorVocabulary vocabulary) {
		JsonNode error = vocabulary.error(root);
		if (error.isMissingNode() || error.isNull()) {
			return null;
		}
		return fromEnvelope(error, null, null, redactor, vocabulary);
	}

	private static ProviderException fromEnvelope(JsonNode error, @Nullable Integer status,
			@Nullable Duration retryAfter, SecretRedactor redactor, ErrorVocabulary vocabulary) {
		String message = error.isString() ? error.asString() : error.path("message").asString("");
		String type = text(error.path("type"));
		String code = text(error.path("code"));
		if (type == null) {
			type = text(error.path("status"));
		}
		int effectiveStatus = (status != null) ? status : embeddedStatus(code);
		String errorCode = (code != null && !code.equals(String.valueOf(status))) ? code : type;
		AttemptOutcome outcome = vocabulary.classify(status, error);
		Duration wait = (retryAfter != null) ? retryAfter : vocabulary.retryDelay(error);
		// Classified as sent; shown only redacted, since a provider may echo a key in it.
		return new ProviderException((outcome != null) ? outcome : classify(effectiveStatus, type, code), status,
				(errorCode != null) ? summarize(redactor.redact(errorCode)) : null, summarize(redactor.redact(message)),
				wait, null);
	}

	/**
	 * Parse an error body: a JSON object, or an array whose first element is one, as
	 * Google's APIs send ({@code [{"error":{...}}]}).
	 */
	private static @Nullable JsonNode envelope(byte[] body) {
		JsonNode root = parseTree(body);
		if (root != null && root.isArray()) {
			root = root.path(0);
		}
		return (root != null && root.isObject()) ? root : null;
	}

	/**
	 * Classify a failure from its HTTP status and the envelope's {@code type} and
	 * {@code code}.
	 * @param status the HTTP status, or 0 when the error came without one
	 * @param type the error type
	 * @param code the error code
	 * @return the outcome
	 */
	public static AttemptOutcome classify(int status, @Nullable String type, @Nullable String code) {
		if (status == 402 || matches(QUOTA, type, code)) {
			return AttemptOutcome.QUOTA_EXCEEDED;
		}
		if (status == 401 || status == 403 || matches(CREDENTIALS, type, code)) {
			return AttemptOutcome.AUTHENTICATION_FAILED;
		}
		if (status == 429 || matches(RATE_LIMIT, type, code)) {
			return AttemptOutcome.RATE_LIMITED;
		}
		if (status == 413 || matches(CONTEXT, type, code)) {
			return AttemptOutcome.CONTEXT_TOO_LONG;
		}
		if (matches(CONTENT_FILTER, type, code)) {
			return AttemptOutcome.CONTENT_FILTERED;
		}
		if (status == 404 || matches(NOT_FOUND, type, code)) {
			return AttemptOutcome.MODEL_NOT_FOUND;
		}
		if (matches(UNSUPPORTED, type, code)) {
			return AttemptOutcome.UNSUPPORTED;
		}
		if (status >= 400 && status < 500 && status != 408 && status != 409) {
			return AttemptOutcome.BAD_REQUEST;
		}
		// 5xx, 408, 409, Anthropic 529, and error events that name no status.
		return AttemptOutcome.SERVER_ERROR;
	}

	/**
	 * Describe a body that is not a usable JSON document, for an error message. Redact
	 * first: a secret cut in half by the shortening would no longer be recognised, and
	 * redaction bounds the text. HTML is read without patterns, whose backtracking on a
	 * hostile page would take quadratic time.
	 * @param body the body, already redacted
	 * @return a short description
	 */
	public static String describeBody(String body) {
		if (body.isBlank()) {
			return "empty body";
		}
		String trimmed = body.strip();
		if (trimmed.startsWith("<")) {
			String title = htmlTitle(trimmed);
			return "HTML page: " + summarize((title != null) ? title : withoutTags(trimmed));
		}
		return "body: " + summarize(trimmed);
	}

	private static @Nullable String htmlTitle(String html) {
		int open = indexOfIgnoreCase(html, "<title>", 0);
		int close = (open >= 0) ? indexOfIgnoreCase(html, "</title>", open) : -1;
		return (close >= 0) ? html.substring(open + "<title>".length(), close) : null;
	}

	private static int indexOfIgnoreCase(String text, String tag, int from) {
		for (int at = text.indexOf('<', from); at >= 0; at = text.indexOf('<', at + 1)) {
			if (text.regionMatches(true, at, tag, 0, tag.length())) {
				return at;
			}
		}
		return -1;
	}

	private static String withoutTags(String html) {
		StringBuilder text = new StringBuilder(html.length());
		int from = 0;
		for (int open = html.indexOf('<'); open >= 0; open = html.indexOf('<', from)) {
			int close = html.indexOf('>', open);
			if (close < 0) {
				break;
			}
			text.append(html, from, open).append(' ');
			from = close + 1;
		}
		return text.append(html, from, html.length()).toString();
	}

	/**
	 * Collapse whitespace and shorten a provider's message to one readable line.
	 * @param message the message, already redacted
	 * @return the summary
	 */
	public static String summarize(String message) {
		String line = WHITESPACE.matcher(message).replaceAll(" ").strip();
		return (line.length() <= MAX_DETAIL_LENGTH) ? line : line.substring(0, MAX_DETAIL_LENGTH) + "...";
	}

	/**
	 * Parse a body as JSON.
	 * @param text the body
	 * @return the JSON, or {@code null} when the body is not a JSON object
	 */
	public static @Nullable JsonNode parse(String text) {
		return text.isBlank() ? null : parse(text.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Parse a body as JSON.
	 * @param body the body
	 * @return the JSON, or {@code null} when the body is not a JSON object
	 */
	public static @Nullable JsonNode parse(byte[] body) {
		JsonNode root = parseTree(body);
		return (root != null && root.isObject()) ? root : null;
	}

	/**
	 * Parse a body as any JSON document.
	 * @param body the body
	 * @return the JSON, or {@code null} when the body is empty or not JSON
	 */
	public static @Nullable JsonNode parseTree(byte[] body) {
		if (body.length == 0) {
			return null;
		}
		try {
			return JSON.readTree(body);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private static int embeddedStatus(@Nullable String code) {
		if (code != null && code.length() == 3 && code.chars().allMatch(Character::isDigit)) {
			return Integer.parseInt(code);
		}
		return 0;
	}

	private static @Nullable String text(JsonNode node) {
		if (node.isString() || node.isNumber()) {
			String value = node.asString();
			return value.isEmpty() ? null : value;
		}
		return null;
	}

	private static boolean matches(Set<String> values, @Nullable String type, @Nullable String code) {
		return (type != null && values.contains(type)) || (code != null && values.contains(code));
	}

}
