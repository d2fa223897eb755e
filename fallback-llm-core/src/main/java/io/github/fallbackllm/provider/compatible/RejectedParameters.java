package io.github.fallbackllm.provider.compatible;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * Request parameters a service answers with a 400. A request that carries one, usually
 * through extra body fields, is not sent: it fails as
 * {@link io.github.fallbackllm.chat.AttemptOutcome#UNSUPPORTED unsupported}, so the next
 * target that takes it serves it, and nothing is removed behind the caller's back.
 *
 * @author Fallback LLM contributors
 */
@FunctionalInterface
public interface RejectedParameters {

	/** Every parameter is taken. */
	RejectedParameters NONE = (body) -> null;

	/**
	 * Find the first parameter the service rejects.
	 * @param body the complete request body
	 * @return the parameter, as the service's documentation names it, or {@code null}
	 */
	@Nullable String find(ObjectNode body);

}
