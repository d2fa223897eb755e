package io.github.fallbackllm.provider.compatible;

import java.time.Duration;

import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.provider.ErrorVocabulary;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Google's error vocabulary ({@code google.rpc.Status}), as Gemini's and Vertex AI's
 * endpoints send it: {@code {"error":{"code":429,"status":"RESOURCE_EXHAUSTED",
 * "details":[...]}}}, often wrapped in an array. The wait is in the body
 * ({@code RetryInfo.retryDelay}), not in a header; a bad key is a 400
 * {@code INVALID_ARGUMENT} with the reason {@code API_KEY_INVALID}.
 *
 * @author Fallback LLM contributors
 */
public final class GoogleRpcErrors implements ErrorVocabulary {

	/** The vocabulary, shared by every Google endpoint. */
	public static final GoogleRpcErrors INSTANCE = new GoogleRpcErrors();

	private static final String TYPE_PREFIX = "type.googleapis.com/google.rpc.";

	private GoogleRpcErrors() {
	}

	@Override
	public @Nullable AttemptOutcome classify(@Nullable Integer status, JsonNode error) {
		return switch (error.path("status").asString("")) {
			case "RESOURCE_EXHAUSTED" ->
				isQuotaExhausted(error) ? AttemptOutcome.QUOTA_EXCEEDED : AttemptOutcome.RATE_LIMITED;
			case "UNAUTHENTICATED", "PERMISSION_DENIED" -> AttemptOutcome.AUTHENTICATION_FAILED;
			case "NOT_FOUND" -> AttemptOutcome.MODEL_NOT_FOUND;
			case "INVALID_ARGUMENT" -> isInvalidKey(error) ? AttemptOutcome.AUTHENTICATION_FAILED : null;
			default -> null;
		};
	}

	@Override
	public @Nullable Duration retryDelay(JsonNode error) {
		JsonNode retryInfo = detail(error, "RetryInfo");
		return (retryInfo != null) ? protobufDuration(retryInfo.path("retryDelay").asString("")) : null;
	}

	/**
	 * A quota that lasts longer than a minute, or one of zero (the model is not in the
	 * plan), does not heal by waiting a few seconds: it is exhausted, not a rate limit.
	 */
	private static boolean isQuotaExhausted(JsonNode error) {
		JsonNode failure = detail(error, "QuotaFailure");
		if (failure == null) {
			return false;
		}
		for (JsonNode violation : failure.path("violations")) {
			String quotaId = violation.path("quotaId").asString("");
			if (quotaId.contains("PerDay") || quotaId.contains("PerMonth")
					|| "0".equals(violation.path("quotaValue").asString(""))) {
				return true;
			}
		}
		return false;
	}

	private static boolean isInvalidKey(JsonNode error) {
		JsonNode info = detail(error, "ErrorInfo");
		return info != null && info.path("reason").asString("").startsWith("API_KEY_");
	}

	private static @Nullable JsonNode detail(JsonNode error, String type) {
		for (JsonNode detail : error.path("details")) {
			if ((TYPE_PREFIX + type).equals(detail.path("@type").asString(""))) {
				return detail;
			}
		}
		return null;
	}

	/** Reads a protobuf JSON duration: decimal seconds with an {@code s} suffix. */
	private static @Nullable Duration protobufDuration(String value) {
		if (!value.endsWith("s")) {
			return null;
		}
		try {
			double seconds = Double.parseDouble(value.substring(0, value.length() - 1));
			return (Double.isFinite(seconds) && seconds >= 0) ? Duration.ofNanos((long) (seconds * 1e9)) : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}
