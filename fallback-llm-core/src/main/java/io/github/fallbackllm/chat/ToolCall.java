package io.github.fallbackllm.chat;

/**
 * A model's request to call a tool. The identifier passes unchanged between wire formats,
 * so that the tool's result can name the call it answers whichever provider reads it.
 *
 * @param id the call's identifier, as the model gave it
 * @param name the tool's name
 * @param arguments the arguments, as JSON text; blank arguments become {@code {}}
 * @author Fallback LLM contributors
 */
public record ToolCall(String id, String name, String arguments) {

	public ToolCall {
		if (id == null || id.isBlank()) {
			throw new InvalidChatRequestException("A tool call needs an id");
		}
		if (name == null || name.isBlank()) {
			throw new InvalidChatRequestException("Tool call '" + id + "' needs a tool name");
		}
		arguments = (arguments == null || arguments.isBlank()) ? "{}" : arguments;
	}

}
