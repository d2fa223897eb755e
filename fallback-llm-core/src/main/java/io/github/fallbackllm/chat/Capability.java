package io.github.fallbackllm.chat;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a request may need beyond text, and a target may lack. A request that needs a
 * capability skips the targets without it, at no cost and without cooling them down.
 *
 * @author Fallback LLM contributors
 */
public enum Capability {

	/** Tool (function) definitions and tool calls. */
	TOOLS("tool calling"),

	/** Image parts in messages. */
	IMAGES("images"),

	/** Output constrained to a JSON schema. */
	JSON_SCHEMA("JSON-schema output");

	/** Every capability: what a provider supports unless it says otherwise. */
	public static final Set<Capability> ALL = Collections.unmodifiableSet(EnumSet.allOf(Capability.class));

	private final String description;

	Capability(String description) {
		this.description = description;
	}

	/**
	 * Return the capability in plain words, as used in error messages.
	 * @return the description
	 */
	public String description() {
		return this.description;
	}

}
