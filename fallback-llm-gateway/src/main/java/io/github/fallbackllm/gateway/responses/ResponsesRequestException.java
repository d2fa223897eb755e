package io.github.fallbackllm.gateway.responses;

import io.github.fallbackllm.chat.InvalidChatRequestException;
import org.jspecify.annotations.Nullable;

/**
 * A Responses request this gateway cannot serve as it stands, answered with a 400 in
 * OpenAI's error envelope whose {@code param} names the offending field and whose
 * {@code code} says what kind of problem it is, so a client can tell an unsupported
 * feature from a malformed request.
 *
 * @author Fallback LLM contributors
 */
public class ResponsesRequestException extends InvalidChatRequestException {

	/** A feature of the Responses API that this gateway does not provide. */
	public static final String UNSUPPORTED = "unsupported_parameter";

	/** A value of the wrong type or out of range. */
	public static final String INVALID_VALUE = "invalid_value";

	/** A {@code previous_response_id} that the gateway has not stored. */
	public static final String PREVIOUS_RESPONSE_NOT_FOUND = "previous_response_not_found";

	private final @Nullable String param;

	private final String code;

	/**
	 * Create a new instance.
	 * @param param the request field at fault, such as {@code tools[0].type}, or
	 * {@code null} when it is the request as a whole
	 * @param code the kind of problem, such as {@link #UNSUPPORTED}
	 * @param message what is wrong and what to send instead
	 */
	public ResponsesRequestException(@Nullable String param, String code, String message) {
		super(message);
		this.param = param;
		this.code = code;
	}

	/**
	 * Return the request field at fault.
	 * @return the field, or {@code null} for the request as a whole
	 */
	public @Nullable String getParam() {
		return this.param;
	}

	/**
	 * Return the kind of problem.
	 * @return the code, such as {@link #UNSUPPORTED}
	 */
	public String getCode() {
		return this.code;
	}

}
