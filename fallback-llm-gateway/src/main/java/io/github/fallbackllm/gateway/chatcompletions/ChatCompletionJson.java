package io.github.fallbackllm.gateway.chatcompletions;

import java.util.List;

import io.github.fallbackllm.chat.Attempt;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.chat.FinishReason;
import io.github.fallbackllm.chat.TokenUsage;
import io.github.fallbackllm.chat.ToolCall;
import io.github.fallbackllm.chat.ToolCallDelta;
import io.github.fallbackllm.gateway.GatewayJson;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;

/**
 * The response bodies of the OpenAI Chat Completions API.
 *
 * @author Fallback LLM contributors
 */
final class ChatCompletionJson {

	private ChatCompletionJson() {
	}

	/**
	 * Write a complete answer as a {@code chat.completion}.
	 * @param id the completion's identifier
	 * @param created when it was created, in epoch seconds
	 * @param answer the answer
	 * @return the JSON, in UTF-8
	 */
	static byte[] completion(String id, long created, ChatResponse answer) {
		return GatewayJson.object((json) -> {
			head(json, id, "chat.completion", created, answer.model());
			json.writeArrayPropertyStart("choices");
			json.writeStartObject();
			json.writeNumberProperty("index", 0);
			json.writeObjectPropertyStart("message");
			json.writeStringProperty("role", "assistant");
			boolean toolCallsOnly = answer.content().isEmpty() && !answer.toolCalls().isEmpty();
			json.writeStringProperty("content", toolCallsOnly ? null : answer.content());
			json.writeNullProperty("refusal");
			if (!answer.toolCalls().isEmpty()) {
				json.writeArrayPropertyStart("tool_calls");
				for (ToolCall call : answer.toolCalls()) {
					json.writeStartObject();
					json.writeStringProperty("id", call.id());
					json.writeStringProperty("type", "function");
					json.writeObjectPropertyStart("function");
					json.writeStringProperty("name", call.name());
					json.writeStringProperty("arguments", call.arguments());
					json.writeEndObject();
					json.writeEndObject();
				}
				json.writeEndArray();
			}
			json.writeEndObject();
			json.writeNullProperty("logprobs");
			json.writeStringProperty("finish_reason", finishReason(answer.finishReason()));
			json.writeEndObject();
			json.writeEndArray();
			if (answer.usage() != null) {
				usage(json, answer.usage());
			}
		});
	}

	/**
	 * Write one {@code chat.completion.chunk} with one choice.
	 * @param id the completion's identifier, the same for every chunk
	 * @param created when it was created, in epoch seconds
	 * @param model the model that answers
	 * @param role the role, on the first chunk only
	 * @param content the text delta, if any
	 * @param finishReason why generation stopped, on the closing chunk only
	 * @param withUsageField whether to write {@code "usage": null}, as OpenAI does on
	 * every chunk but the usage chunk when usage was asked for
	 * @return the JSON, in UTF-8
	 */
	static byte[] chunk(String id, long created, String model, @Nullable String role, @Nullable String content,
			@Nullable FinishReason finishReason, boolean withUsageField) {
		return GatewayJson.object((json) -> {
			head(json, id, "chat.completion.chunk", created, model);
			json.writeArrayPropertyStart("choices");
			json.writeStartObject();
			json.writeNumberProperty("index", 0);
			json.writeObjectPropertyStart("delta");
			if (role != null) {
				json.writeStringProperty("role", role);
			}
			if (content != null) {
				json.writeStringProperty("content", content);
			}
			json.writeEndObject();
			json.writeNullProperty("logprobs");
			json.writeStringProperty("finish_reason", (finishReason != null) ? finishReason(finishReason) : null);
			json.writeEndObject();
			json.writeEndArray();
			if (withUsageField) {
				json.writeNullProperty("usage");
			}
		});
	}

	/**
	 * Write one {@code chat.completion.chunk} with pieces of tool calls: a call's first
	 * piece has its id, type and name, the following ones fragments of its arguments.
	 * @param id the completion's identifier
	 * @param created when it was created, in epoch seconds
	 * @param model the model that answers
	 * @param deltas the pieces
	 * @param withUsageField whether to write {@code "usage": null}
	 * @return the JSON, in UTF-8
	 */
	static byte[] toolCallChunk(String id, long created, String model, List<ToolCallDelta> deltas,
			boolean withUsageField) {
		return GatewayJson.object((json) -> {
			head(json, id, "chat.completion.chunk", created, model);
			json.writeArrayPropertyStart("choices");
			json.writeStartObject();
			json.writeNumberProperty("index", 0);
			json.writeObjectPropertyStart("delta");
			json.writeArrayPropertyStart("tool_calls");
			for (ToolCallDelta delta : deltas) {
				json.writeStartObject();
				json.writeNumberProperty("index", delta.index());
				if (delta.id() != null) {
					json.writeStringProperty("id", delta.id());
					json.writeStringProperty("type", "function");
				}
				json.writeObjectPropertyStart("function");
				if (delta.name() != null) {
					json.writeStringProperty("name", delta.name());
				}
				json.writeStringProperty("arguments", delta.arguments());
				json.writeEndObject();
				json.writeEndObject();
			}
			json.writeEndArray();
			json.writeEndObject();
			json.writeNullProperty("logprobs");
			json.writeNullProperty("finish_reason");
			json.writeEndObject();
			json.writeEndArray();
			if (withUsageField) {
				json.writeNullProperty("usage");
			}
		});
	}

	/**
	 * Write the usage chunk that closes a stream when usage was asked for.
	 * @param id the completion's identifier
	 * @param created when it was created, in epoch seconds
	 * @param model the model that answered
	 * @param usage the tokens
	 * @return the JSON, in UTF-8
	 */
	static byte[] usageChunk(String id, long created, String model, TokenUsage usage) {
		return GatewayJson.object((json) -> {
			head(json, id, "chat.completion.chunk", created, model);
			json.writeArrayPropertyStart("choices");
			json.writeEndArray();
			usage(json, usage);
		});
	}

	/**
	 * Write OpenAI's error envelope, {@code {"error": {"message", "type", "param",
	 * "code"}}}, which OpenAI clients turn into their own exception types.
	 * @param message what went wrong and what to do
	 * @param type the error type, such as {@code invalid_request_error}
	 * @param attempts the attempts of the failed call, as data; empty when there were
	 * none
	 * @return the JSON, in UTF-8
	 */
	static byte[] error(String message, String type, List<Attempt> attempts) {
		return error(message, type, null, attempts);
	}

	/**
	 * Write OpenAI's error envelope with a code, such as {@code invalid_api_key}.
	 * @param message what went wrong and what to do
	 * @param type the error type, such as {@code invalid_request_error}
	 * @param code the error code, {@code null} for none
	 * @param attempts the attempts of the failed call, as data; empty when there were
	 * none
	 * @return the JSON, in UTF-8
	 */
	static byte[] error(String message, String type, @Nullable String code, List<Attempt> attempts) {
		return GatewayJson.object((json) -> {
			json.writeObjectPropertyStart("error");
			json.writeStringProperty("message", message);
			json.writeStringProperty("type", type);
			json.writeNullProperty("param");
			json.writeStringProperty("code", code);
			if (!attempts.isEmpty()) {
				GatewayJson.attempts(json, "attempts", attempts);
			}
			json.writeEndObject();
		});
	}

	private static void head(JsonGenerator json, String id, String object, long created, String model) {
		json.writeStringProperty("id", id);
		json.writeStringProperty("object", object);
		json.writeNumberProperty("created", created);
		json.writeStringProperty("model", model);
	}

	private static void usage(JsonGenerator json, TokenUsage usage) {
		json.writeObjectPropertyStart("usage");
		json.writeNumberProperty("prompt_tokens", usage.promptTokens());
		json.writeNumberProperty("completion_tokens", usage.completionTokens());
		json.writeNumberProperty("total_tokens", usage.totalTokens());
		json.writeEndObject();
	}

	/** OpenAI has no "other": a stop for an unknown reason is still a stop. */
	private static String finishReason(FinishReason reason) {
		return switch (reason) {
			case STOP, OTHER -> "stop";
			case LENGTH -> "length";
			case CONTENT_FILTER -> "content_filter";
			case TOOL_CALLS -> "tool_calls";
		};
	}

}
