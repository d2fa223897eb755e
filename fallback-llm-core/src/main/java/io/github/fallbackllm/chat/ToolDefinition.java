package io.github.fallbackllm.chat;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A tool the model may call.
 *
 * @param name the tool's name: letters, digits, {@code _} and {@code -}, at most 64
 * characters, as both OpenAI and Anthropic require
 * @param description what the tool does, for the model
 * @param parameters the JSON schema of its arguments, as JSON text; an object schema
 * @author Fallback LLM contributors
 */
public record ToolDefinition(String name, @Nullable String description, String parameters) {

	private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

	/** The schema of a tool without arguments. */
	public static final String NO_PARAMETERS = "{\"type\":\"object\",\"properties\":{}}";

	public ToolDefinition {
		if (name == null || !NAME.matcher(name).matches()) {
			throw new InvalidChatRequestException(
					"Tool name '" + name + "' is not valid; use 1 to 64 letters, digits, underscores or hyphens");
		}
		parameters = (parameters == null || parameters.isBlank()) ? NO_PARAMETERS
				: JsonText.requireObject(parameters, "The parameters of tool '" + name + "'");
	}

	/**
	 * Create a tool definition.
	 * @param name the tool's name
	 * @param description what it does
	 * @param parameters the JSON schema of its arguments
	 * @return the definition
	 */
	public static ToolDefinition of(String name, String description, String parameters) {
		return new ToolDefinition(name, description, parameters);
	}

}
