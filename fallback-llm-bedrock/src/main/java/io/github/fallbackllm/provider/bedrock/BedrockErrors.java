package io.github.fallbackllm.provider.bedrock;

import java.util.Locale;

import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.provider.ErrorVocabulary;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpHeaders;

/**
 * Bedrock's errors. An HTTP error names its type in {@code x-amzn-ErrorType}
 * ({@code ThrottlingException:http://internal.amazon.com/...}) or in the body's
 * {@code __type}, with the text in {@code message}; an exception frame of a stream
 * arrives as {@code {"error":{"type":"throttlingException","message"}}} from
 * {@link EventStreamFraming}. Types are matched whatever their first letter's case.
 * <p>
 * A bare model id of a model served only through inference profiles is rejected with a
 * {@code ValidationException} about "on-demand throughput": it is a model not found here,
 * with the inference-profile id to configure instead.
 *
 * @author Fallback LLM contributors
 */
final class BedrockErrors implements ErrorVocabulary {

	static final String ERROR_TYPE_HEADER = "x-amzn-ErrorType";

	private static final JsonMapper JSON = JsonMapper.shared();

	/** Longest message searched for a phrase; Bedrock's are one sentence. */
	private static final int MAX_MESSAGE = 1000;

	private static final String ON_DEMAND = "on-demand throughput";

	private static final String MODEL_ID = "model ID ";

	private final String region;

	BedrockErrors(String region) {
		this.region = region;
	}

	@Override
	public JsonNode error(JsonNode root) {
		JsonNode error = root.path("error");
		return error.isObject() ? withRemedy((ObjectNode) error.deepCopy()) : error;
	}

	@Override
	public JsonNode error(JsonNode root, HttpHeaders headers) {
		if (root.path("error").isObject()) {
			return error(root);
		}
		String type = typeOf(headers.getFirst(ERROR_TYPE_HEADER));
		if (type == null) {
			type = typeOf(root.path("__type").asString(null));
		}
		if (type == null && !root.has("message")) {
			return root.path("error");
		}
		ObjectNode error = JSON.createObjectNode().put("message", root.path("message").asString(""));
		if (type != null) {
			error.put("type", type);
		}
		return withRemedy(error);
	}

	/**
	 * The type without its namespace ({@code com.amazon...#Type}) or URL
	 * ({@code Type:http...}).
	 */
	private static @Nullable String typeOf(@Nullable String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		int colon = value.indexOf(':');
		String type = (colon >= 0) ? value.substring(0, colon) : value;
		int hash = type.lastIndexOf('#');
		type = (hash >= 0) ? type.substring(hash + 1) : type;
		return type.isBlank() ? null : type.strip();
	}

	private ObjectNode withRemedy(ObjectNode error) {
		String message = bounded(error.path("message").asString(""));
		if (isOnDemandRejection(error, message)) {
			String model = modelIdIn(message);
			// The remedy first: error details are cut to a few hundred characters.
			error.put("message",
					"invoke it through an inference profile: configure '" + geoPrefix(this.region) + "."
							+ ((model != null) ? model : "<model id>")
							+ "' (or another profile of ListInferenceProfiles) instead. " + message);
		}
		return error;
	}

	private static boolean isOnDemandRejection(JsonNode error, String message) {
		return "validationexception".equals(normalized(error.path("type").asString(""))) && message.contains(ON_DEMAND);
	}

	/**
	 * The id in "Invocation of model ID {id} with on-demand throughput isn't supported".
	 */
	private static @Nullable String modelIdIn(String message) {
		int start = message.indexOf(MODEL_ID);
		int end = message.indexOf(" with " + ON_DEMAND);
		if (start < 0 || end <= start + MODEL_ID.length()) {
			return null;
		}
		String model = message.substring(start + MODEL_ID.length(), end).strip();
		return (model.isEmpty() || model.contains(" ")) ? null : model;
	}

	/** The prefix of the system-defined profiles of a region's geography. */
	static String geoPrefix(String region) {
		if (region.startsWith("us-gov-")) {
			return "us-gov";
		}
		if (region.startsWith("us-")) {
			return "us";
		}
		if (region.startsWith("eu-")) {
			return "eu";
		}
		if (region.startsWith("ap-")) {
			return "apac";
		}
		return "global";
	}

	@Override
	public @Nullable AttemptOutcome classify(@Nullable Integer status, JsonNode error) {
		String type = normalized(error.path("type").asString(""));
		return switch (type) {
			case "throttlingexception", "servicequotaexceededexception", "toomanyrequestsexception" ->
				AttemptOutcome.RATE_LIMITED;
			case "modelnotreadyexception", "serviceunavailableexception", "internalserverexception",
					"modelstreamerrorexception", "modelerrorexception" ->
				AttemptOutcome.SERVER_ERROR;
			case "modeltimeoutexception" -> AttemptOutcome.TIMEOUT;
			case "accessdeniedexception", "unrecognizedclientexception", "expiredtokenexception",
					"invalidsignatureexception", "incompletesignatureexception",
					"missingauthenticationtokenexception" ->
				AttemptOutcome.AUTHENTICATION_FAILED;
			case "resourcenotfoundexception" -> AttemptOutcome.MODEL_NOT_FOUND;
			case "validationexception" -> validation(bounded(error.path("message").asString("")));
			default -> null;
		};
	}

	private static AttemptOutcome validation(String message) {
		if (message.contains(ON_DEMAND)) {
			return AttemptOutcome.MODEL_NOT_FOUND;
		}
		String lower = message.toLowerCase(Locale.ROOT);
		return (lower.contains("too long") || lower.contains("too many input tokens")) ? AttemptOutcome.CONTEXT_TOO_LONG
				: AttemptOutcome.BAD_REQUEST;
	}

	private static String normalized(String type) {
		return type.toLowerCase(Locale.ROOT);
	}

	private static String bounded(String message) {
		return (message.length() <= MAX_MESSAGE) ? message : message.substring(0, MAX_MESSAGE);
	}

}
