package io.github.fallbackllm.gateway;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import io.github.fallbackllm.chat.Attempt;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the gateway's JSON with a private {@link JsonMapper}, so that the application's
 * Jackson settings never change a wire format: straight to bytes, with no tree and no
 * String in between.
 *
 * @author Fallback LLM contributors
 */
public final class GatewayJson {

	private static final JsonMapper JSON = JsonMapper.shared();

	private GatewayJson() {
	}

	/**
	 * Write one JSON object.
	 * @param members writes the object's members
	 * @return the JSON, in UTF-8
	 */
	public static byte[] object(Consumer<JsonGenerator> members) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(256);
		try (JsonGenerator json = JSON.createGenerator(out)) {
			json.writeStartObject();
			members.accept(json);
			json.writeEndObject();
		}
		return out.toByteArray();
	}

	/**
	 * Write the attempts of a call as an array property: per attempt its provider, model,
	 * outcome, HTTP status, error code, redacted detail, the action to take, duration and
	 * cooldown in milliseconds, and its one-line description.
	 * @param json the generator, inside an object
	 * @param name the property's name
	 * @param attempts the attempts
	 */
	public static void attempts(JsonGenerator json, String name, List<Attempt> attempts) {
		json.writeArrayPropertyStart(name);
		for (Attempt attempt : attempts) {
			json.writeStartObject();
			json.writeStringProperty("provider", attempt.provider());
			json.writeStringProperty("model", attempt.model());
			json.writeStringProperty("outcome", attempt.outcome().name().toLowerCase(Locale.ROOT));
			Integer status = attempt.httpStatus();
			if (status != null) {
				json.writeNumberProperty("httpStatus", status);
			}
			else {
				json.writeNullProperty("httpStatus");
			}
			json.writeStringProperty("errorCode", attempt.errorCode());
			json.writeStringProperty("detail", attempt.detail());
			json.writeStringProperty("action", attempt.action());
			json.writeNumberProperty("durationMs", attempt.duration().toMillis());
			Duration cooldown = attempt.cooldown();
			if (cooldown != null) {
				json.writeNumberProperty("cooldownMs", cooldown.toMillis());
			}
			else {
				json.writeNullProperty("cooldownMs");
			}
			json.writeStringProperty("description", attempt.describe());
			json.writeEndObject();
		}
		json.writeEndArray();
	}

}
