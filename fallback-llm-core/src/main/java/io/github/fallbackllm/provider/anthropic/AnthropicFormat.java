package io.github.fallbackllm.provider.anthropic;

import io.github.fallbackllm.chat.FinishReason;

/**
 * The names of the Anthropic Messages wire format that both directions share: the
 * provider that calls Anthropic and a gateway that serves Anthropic's clients read and
 * write the same content blocks, stream events and stop reasons.
 *
 * @author Fallback LLM contributors
 */
public final class AnthropicFormat {

	/** A text content block. */
	public static final String TEXT = "text";

	/** An image content block, with a {@code base64} or {@code url} source. */
	public static final String IMAGE = "image";

	/** A content block in which the model calls a tool. */
	public static final String TOOL_USE = "tool_use";

	/** A content block of a user message that answers a tool call. */
	public static final String TOOL_RESULT = "tool_result";

	/** The stream event that opens a message. */
	public static final String MESSAGE_START = "message_start";

	/** The stream event that opens a content block. */
	public static final String CONTENT_BLOCK_START = "content_block_start";

	/** The stream event that adds to the open content block. */
	public static final String CONTENT_BLOCK_DELTA = "content_block_delta";

	/** The stream event that closes a content block. */
	public static final String CONTENT_BLOCK_STOP = "content_block_stop";

	/** The stream event with the stop reason and the cumulative usage. */
	public static final String MESSAGE_DELTA = "message_delta";

	/** The stream event that ends a message. */
	public static final String MESSAGE_STOP = "message_stop";

	/** The stream event, and the body type, of an error. */
	public static final String ERROR = "error";

	/** The delta of a text block. */
	public static final String TEXT_DELTA = "text_delta";

	/** The delta of a tool-use block: a fragment of its input's JSON text. */
	public static final String INPUT_JSON_DELTA = "input_json_delta";

	private AnthropicFormat() {
	}

	/**
	 * Map a stop reason. A turn that ended by calling only the answer tool of a JSON
	 * response format has no tool calls left for the caller: it stopped.
	 * @param stopReason Anthropic's {@code stop_reason}
	 * @param toolCalls whether the answer holds tool calls for the caller
	 * @return the finish reason
	 */
	public static FinishReason finishReason(String stopReason, boolean toolCalls) {
		return switch (stopReason) {
			case "end_turn", "stop_sequence" -> FinishReason.STOP;
			case "max_tokens", "model_context_window_exceeded" -> FinishReason.LENGTH;
			case "refusal" -> FinishReason.CONTENT_FILTER;
			case "tool_use" -> toolCalls ? FinishReason.TOOL_CALLS : FinishReason.STOP;
			default -> FinishReason.OTHER;
		};
	}

	/**
	 * Map a finish reason back to a stop reason. A stop is {@code end_turn}: which stop
	 * sequence ended the answer, if one did, is not known once it went through another
	 * wire format.
	 * @param finishReason the finish reason
	 * @return Anthropic's {@code stop_reason}
	 */
	public static String stopReason(FinishReason finishReason) {
		return switch (finishReason) {
			case STOP, OTHER -> "end_turn";
			case LENGTH -> "max_tokens";
			case TOOL_CALLS -> "tool_use";
			case CONTENT_FILTER -> "refusal";
		};
	}

}
