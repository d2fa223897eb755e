package io.github.fallbackllm.chat;

import org.jspecify.annotations.Nullable;

/**
 * Whether and which tool the model must call.
 *
 * @param mode the kind of choice
 * @param name the tool to call, for {@link Mode#NAMED} only
 * @author Fallback LLM contributors
 */
public record ToolChoice(Mode mode, @Nullable String name) {

	/** The model decides whether to call tools. */
	public static final ToolChoice AUTO = new ToolChoice(Mode.AUTO, null);

	/** The model must not call tools. */
	public static final ToolChoice NONE = new ToolChoice(Mode.NONE, null);

	/** The model must call at least one tool. */
	public static final ToolChoice REQUIRED = new ToolChoice(Mode.REQUIRED, null);

	public ToolChoice {
		if (mode == null) {
			throw new InvalidChatRequestException("A tool choice needs a mode");
		}
		if ((mode == Mode.NAMED) != (name != null)) {
			throw new InvalidChatRequestException("Only a named tool choice names a tool");
		}
	}

	/**
	 * Return a choice that forces one tool.
	 * @param name the tool's name
	 * @return the choice
	 */
	public static ToolChoice named(String name) {
		return new ToolChoice(Mode.NAMED, name);
	}

	/**
	 * The kinds of tool choice.
	 */
	public enum Mode {

		/** The model decides. */
		AUTO,

		/** No tool calls. */
		NONE,

		/** At least one tool call. */
		REQUIRED,

		/** A call of the named tool. */
		NAMED

	}

}
