package io.github.fallbackllm.gateway;

import java.util.List;

/**
 * The bodies of {@code GET /v1/models}: OpenAI's list, and Anthropic's for clients that
 * send an {@value #ANTHROPIC_VERSION} header, as Anthropic's SDKs do on every request.
 * Neither format has a date for a model served by a chain, so both give the epoch.
 *
 * @author Fallback LLM contributors
 */
final class ModelList {

	/** The header Anthropic's clients send with every request. */
	static final String ANTHROPIC_VERSION = "anthropic-version";

	private ModelList() {
	}

	/**
	 * Write OpenAI's model list: {@code {"object": "list", "data": [{"id", "object",
	 * "created", "owned_by"}]}}.
	 * @param models the models
	 * @return the JSON, in UTF-8
	 */
	static byte[] openAi(List<GatewayRoutes.Model> models) {
		return GatewayJson.object((json) -> {
			json.writeStringProperty("object", "list");
			json.writeArrayPropertyStart("data");
			for (GatewayRoutes.Model model : models) {
				json.writeStartObject();
				json.writeStringProperty("id", model.id());
				json.writeStringProperty("object", "model");
				json.writeNumberProperty("created", 0);
				json.writeStringProperty("owned_by", model.ownedBy());
				json.writeEndObject();
			}
			json.writeEndArray();
		});
	}

	/**
	 * Write Anthropic's model list, one page holding every model: {@code {"data":
	 * [{"type", "id", "display_name", "created_at"}], "has_more", "first_id",
	 * "last_id"}}.
	 * @param models the models
	 * @return the JSON, in UTF-8
	 */
	static byte[] anthropic(List<GatewayRoutes.Model> models) {
		return GatewayJson.object((json) -> {
			json.writeArrayPropertyStart("data");
			for (GatewayRoutes.Model model : models) {
				json.writeStartObject();
				json.writeStringProperty("type", "model");
				json.writeStringProperty("id", model.id());
				json.writeStringProperty("display_name", model.id());
				json.writeStringProperty("created_at", "1970-01-01T00:00:00Z");
				json.writeEndObject();
			}
			json.writeEndArray();
			json.writeBooleanProperty("has_more", false);
			json.writeStringProperty("first_id", models.isEmpty() ? null : models.get(0).id());
			json.writeStringProperty("last_id", models.isEmpty() ? null : models.get(models.size() - 1).id());
		});
	}

}
