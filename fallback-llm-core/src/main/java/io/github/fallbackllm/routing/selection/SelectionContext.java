package io.github.fallbackllm.routing.selection;

import io.github.fallbackllm.chat.ChatRequest;
import org.jspecify.annotations.Nullable;

/**
 * The call a group's targets are ordered for.
 *
 * @author Fallback LLM contributors
 */
public interface SelectionContext {

	/**
	 * Return the chat request of the call.
	 * @return the request, or {@code null} for an embedding call
	 */
	@Nullable ChatRequest request();

	/**
	 * Return whether the target could serve the call now: it supports what the request
	 * needs, is neither cooling down nor held by another call's trial, and has the
	 * rate-limit budget for the call left. A strategy never puts an unusable target
	 * before a usable one.
	 * @param candidate a target of the group
	 * @return whether it is usable
	 */
	boolean isUsable(Candidate candidate);

	/**
	 * Return the share of the target's rate-limit budget that is left this minute.
	 * @param candidate a target of the group
	 * @return from {@code 0} (spent) to {@code 1} (untouched, or no limit)
	 */
	default double headroom(Candidate candidate) {
		return 1.0;
	}

}
