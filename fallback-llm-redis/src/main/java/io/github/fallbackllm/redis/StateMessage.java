package io.github.fallbackllm.redis;

import org.jspecify.annotations.Nullable;

/**
 * What one instance tells the others on the state channel.
 *
 * @param kind what happened
 * @param origin the instance that says it
 * @param id the target or provider
 * @param cooldown the cooldown that started, for {@link Kind#COOLED}
 * @author Fallback LLM contributors
 */
record StateMessage(Kind kind, String origin, String id, @Nullable SharedCooldown cooldown) {

	/**
	 * Return the message as published: {@code <kind> <origin> [<cooldown>] <id>}, the id
	 * last because provider and model names are the user's.
	 */
	String encode() {
		return this.kind.code + " " + this.origin + " " + ((this.cooldown != null) ? this.cooldown.encode() + " " : "")
				+ this.id;
	}

	/**
	 * Parse what {@link #encode()} wrote.
	 * @return the message, or {@code null} if the text is not one
	 */
	static @Nullable StateMessage parse(String text) {
		Kind kind = Kind.of(text.isEmpty() ? ' ' : text.charAt(0));
		if (kind == null) {
			return null;
		}
		String[] parts = text.split(" ", (kind == Kind.COOLED) ? 6 : 3);
		if (parts.length != ((kind == Kind.COOLED) ? 6 : 3)) {
			return null;
		}
		if (kind != Kind.COOLED) {
			return new StateMessage(kind, parts[1], parts[2], null);
		}
		SharedCooldown cooldown = SharedCooldown.parse(parts[2] + " " + parts[3] + " " + parts[4]);
		return (cooldown != null) ? new StateMessage(kind, parts[1], parts[5], cooldown) : null;
	}

	/**
	 * What happened.
	 */
	enum Kind {

		/** A cooldown started or was extended. */
		COOLED('C'),

		/** A failure was counted. */
		FAILED('F'),

		/** The target answered: its cooldown is over. */
		CLEARED('X'),

		/**
		 * The target delivered a whole answer: its failures are no longer consecutive.
		 */
		RESET('R');

		private final char code;

		Kind(char code) {
			this.code = code;
		}

		static @Nullable Kind of(char code) {
			for (Kind kind : values()) {
				if (kind.code == code) {
					return kind;
				}
			}
			return null;
		}

	}

}
