package io.github.fallbackllm.chat;

import java.util.Arrays;
import java.util.Locale;

/**
 * Author of a {@link ChatMessage}.
 *
 * @author Fallback LLM contributors
 */
public enum ChatRole {

	SYSTEM, USER, ASSISTANT,

	/** The result of a tool call, for the model to read. */
	TOOL;

	/**
	 * Return the role with the given OpenAI wire name ({@code system}, {@code user},
	 * {@code assistant}, {@code tool}), ignoring case.
	 * @param name the role name
	 * @return the role
	 * @throws InvalidChatRequestException if the name is not a known role
	 */
	public static ChatRole of(String name) {
		for (ChatRole role : values()) {
			if (role.name().equalsIgnoreCase(name)) {
				return role;
			}
		}
		throw new InvalidChatRequestException("Unknown message role '" + name + "'; use one of "
				+ Arrays.stream(values()).map(ChatRole::wireName).toList());
	}

	/**
	 * Return the lower-case name OpenAI uses on the wire; Anthropic uses the same names
	 * but carries tool results in user messages.
	 * @return the wire name
	 */
	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

}
