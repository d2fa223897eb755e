package io.github.fallbackllm.chat;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The form of the answer's content: free text, any JSON object, or JSON that follows a
 * schema. Structured output comes back as the content text, see
 * {@link ChatResponse#contentAs(Class, tools.jackson.databind.ObjectMapper)}.
 *
 * @param type the kind of format
 * @param name the schema's name, for {@link Type#JSON_SCHEMA} only
 * @param schema the JSON schema as JSON text, for {@link Type#JSON_SCHEMA} only
 * @param strict whether the provider must follow the schema exactly, where it can
 * @author Fallback LLM contributors
 */
public record ResponseFormat(Type type, @Nullable String name, @Nullable String schema, boolean strict) {

	private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

	/** Free text, the default. */
	public static final ResponseFormat TEXT = new ResponseFormat(Type.TEXT, null, null, false);

	/** Any JSON object. */
	public static final ResponseFormat JSON_OBJECT = new ResponseFormat(Type.JSON_OBJECT, null, null, false);

	public ResponseFormat {
		if (type == null) {
			throw new InvalidChatRequestException("A response format needs a type");
		}
		if (type == Type.JSON_SCHEMA) {
			if (name == null || !NAME.matcher(name).matches()) {
				throw new InvalidChatRequestException("JSON schema name '" + name
						+ "' is not valid; use 1 to 64 letters, digits, underscores or hyphens");
			}
			if (schema == null) {
				throw new InvalidChatRequestException("A JSON-schema response format needs a schema");
			}
			JsonText.requireObject(schema, "The response schema '" + name + "'");
		}
		else if (name != null || schema != null) {
			throw new InvalidChatRequestException("Only a JSON-schema response format has a name and a schema");
		}
	}

	/**
	 * Return a format that constrains the content to a JSON schema.
	 * @param name the schema's name
	 * @param schema the JSON schema, as JSON text
	 * @param strict whether the provider must follow the schema exactly
	 * @return the format
	 */
	public static ResponseFormat jsonSchema(String name, String schema, boolean strict) {
		return new ResponseFormat(Type.JSON_SCHEMA, name, schema, strict);
	}

	/**
	 * The kinds of response format.
	 */
	public enum Type {

		/** Free text. */
		TEXT,

		/** Any JSON object. */
		JSON_OBJECT,

		/** JSON that follows the given schema. */
		JSON_SCHEMA

	}

}
