package io.github.fallbackllm.langchain4j;

import java.util.Map;

import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.model.chat.request.json.JsonAnyOfSchema;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNullSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonReferenceSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes LangChain4j's JSON schema elements as standard JSON Schema text, the form the
 * chain's tools and response formats carry. Written here rather than through
 * LangChain4j's {@code internal} package, whose maps also apply OpenAI's strict-mode
 * rewrites: each provider of the chain makes its own.
 *
 * @author Fallback LLM contributors
 */
final class JsonSchemas {

	private static final JsonMapper JSON = JsonMapper.shared();

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	/** Where LangChain4j's references point: the definitions of the root object. */
	private static final String DEFINITIONS = "$defs";

	private JsonSchemas() {
	}

	static String toJson(JsonSchemaElement schema) {
		return JSON.writeValueAsString(toNode(schema));
	}

	private static JsonNode toNode(JsonSchemaElement element) {
		if (element instanceof JsonObjectSchema object) {
			ObjectNode node = typed("object", object.description());
			node.set("properties", nodes(object.properties()));
			if (object.required() != null && !object.required().isEmpty()) {
				ArrayNode required = node.putArray("required");
				object.required().forEach(required::add);
			}
			if (object.additionalProperties() != null) {
				node.put("additionalProperties", object.additionalProperties());
			}
			if (object.definitions() != null && !object.definitions().isEmpty()) {
				node.set(DEFINITIONS, nodes(object.definitions()));
			}
			return node;
		}
		if (element instanceof JsonArraySchema array) {
			ObjectNode node = typed("array", array.description());
			if (array.items() != null) {
				node.set("items", toNode(array.items()));
			}
			return node;
		}
		if (element instanceof JsonEnumSchema enumeration) {
			ObjectNode node = typed("string", enumeration.description());
			ArrayNode values = node.putArray("enum");
			enumeration.enumValues().forEach(values::add);
			return node;
		}
		if (element instanceof JsonAnyOfSchema anyOf) {
			ObjectNode node = NODES.objectNode();
			description(node, anyOf.description());
			ArrayNode choices = node.putArray("anyOf");
			anyOf.anyOf().forEach((choice) -> choices.add(toNode(choice)));
			return node;
		}
		if (element instanceof JsonReferenceSchema reference) {
			return NODES.objectNode().put("$ref", "#/" + DEFINITIONS + "/" + reference.reference());
		}
		if (element instanceof JsonRawSchema raw) {
			return JSON.readTree(raw.schema());
		}
		String type = scalarType(element);
		if (type == null) {
			throw new UnsupportedFeatureException(
					"JSON schema element " + element.getClass().getName() + " is not supported by the fallback chain");
		}
		return typed(type, element.description());
	}

	private static @Nullable String scalarType(JsonSchemaElement element) {
		if (element instanceof JsonStringSchema) {
			return "string";
		}
		if (element instanceof JsonIntegerSchema) {
			return "integer";
		}
		if (element instanceof JsonNumberSchema) {
			return "number";
		}
		if (element instanceof JsonBooleanSchema) {
			return "boolean";
		}
		return (element instanceof JsonNullSchema) ? "null" : null;
	}

	private static ObjectNode nodes(Map<String, JsonSchemaElement> elements) {
		ObjectNode node = NODES.objectNode();
		elements.forEach((name, element) -> node.set(name, toNode(element)));
		return node;
	}

	private static ObjectNode typed(String type, @Nullable String description) {
		ObjectNode node = NODES.objectNode().put("type", type);
		description(node, description);
		return node;
	}

	private static void description(ObjectNode node, @Nullable String description) {
		if (description != null) {
			node.put("description", description);
		}
	}

}
