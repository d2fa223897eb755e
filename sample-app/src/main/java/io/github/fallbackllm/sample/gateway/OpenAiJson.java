package io.github.fallbackllm.sample.gateway;

import java.util.List;

import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.chat.FinishReason;
import io.github.fallbackllm.chat.TokenUsage;
import io.github.fallbackllm.chat.ToolCall;
import io.github.fallbackllm.chat.ToolCallDelta;
import io.github.fallbackllm.provider.LlmProvider;
import io.github.fallbackllm.sample.chat.AttemptView;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The response bodies of the OpenAI Chat Completions API, written with a private
 * {@link JsonMapper} so that the application's Jackson settings never change the wire
 * format.
 *
 * @author Fallback LLM contributors
 */
final class OpenAiJson {

	private static final JsonMapper JSON = JsonMapper.shared();

	private OpenAiJson() {
	}

	/**
	 * Write a complete answer as a {@code chat.completion}.
	 * @param id the completion's identifier
	 * @param created when it was created, in epoch seconds
	 * @param answer the answer
	 * @return the JSON
	 */
	static String completion(String id, long created, ChatResponse answer) {
		ObjectNode completion = head(id, "chat.completion", created, answer.model());
		ObjectNode choice = completion.putArray("choices").addObject().put("index", 0);
		ObjectNode message = choice.putObject("message").put("role", "assistant");
		if (answer.content().isEmpty() && !answer.toolCalls().isEmpty()) {
			message.putNull("content");
		}
		else {
			message.put("content", answer.content());
		}
		message.putNull("refusal");
		if (!answer.toolCalls().isEmpty()) {
			ArrayNode calls = message.putArray("tool_calls");
			for (ToolCall call : answer.toolCalls()) {
				ObjectNode node = calls.addObject().put("id", call.id()).put("type", "function");
				node.putObject("function").put("name", call.name()).put("arguments", call.arguments());
			}
		}
		choice.putNull("logprobs");
		choice.put("finish_reason", finishReason(answer.finishReason()));
		if (answer.usage() != null) {
			completion.set("usage", usage(answer.usage()));
		}
		return JSON.writeValueAsString(completion);
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
	 * @return the JSON
	 */
	static String chunk(String id, long created, String model, @Nullable String role, @Nullable String content,
			@Nullable FinishReason finishReason, boolean withUsageField) {
		ObjectNode chunk = head(id, "chat.completion.chunk", created, model);
		ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
		ObjectNode delta = choice.putObject("delta");
		if (role != null) {
			delta.put("role", role);
		}
		if (content != null) {
			delta.put("content", content);
		}
		choice.putNull("logprobs");
		choice.put("finish_reason", (finishReason != null) ? finishReason(finishReason) : null);
		if (withUsageField) {
			chunk.putNull("usage");
		}
		return JSON.writeValueAsString(chunk);
	}

	/**
	 * Write one {@code chat.completion.chunk} with pieces of tool calls: a call's first
	 * piece has its id, type and name, the following ones fragments of its arguments.
	 * @param id the completion's identifier
	 * @param created when it was created, in epoch seconds
	 * @param model the model that answers
	 * @param deltas the pieces
	 * @param withUsageField whether to write {@code "usage": null}
	 * @return the JSON
	 */
	static String toolCallChunk(String id, long created, String model, List<ToolCallDelta> deltas,
			boolean withUsageField) {
		ObjectNode chunk = head(id, "chat.completion.chunk", created, model);
		ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
		ArrayNode calls = choice.putObject("delta").putArray("tool_calls");
		for (ToolCallDelta delta : deltas) {
			ObjectNode call = calls.addObject().put("index", delta.index());
			if (delta.id() != null) {
				call.put("id", delta.id()).put("type", "function");
			}
			ObjectNode function = call.putObject("function");
			if (delta.name() != null) {
				function.put("name", delta.name());
			}
			function.put("arguments", delta.arguments());
		}
		choice.putNull("logprobs");
		choice.putNull("finish_reason");
		if (withUsageField) {
			chunk.putNull("usage");
		}
		return JSON.writeValueAsString(chunk);
	}

	/**
	 * Write the usage chunk that closes a stream when usage was asked for.
	 * @param id the completion's identifier
	 * @param created when it was created, in epoch seconds
	 * @param model the model that answered
	 * @param usage the tokens
	 * @return the JSON
	 */
	static String usageChunk(String id, long created, String model, TokenUsage usage) {
		ObjectNode chunk = head(id, "chat.completion.chunk", created, model);
		chunk.putArray("choices");
		chunk.set("usage", usage(usage));
		return JSON.writeValueAsString(chunk);
	}

	/**
	 * Write OpenAI's error envelope.
	 * @param message what went wrong and what to do
	 * @param type the error type, such as {@code invalid_request_error}
	 * @param attempts the attempts of the failed call, as data; empty when there were
	 * none
	 * @return the JSON
	 */
	static String error(String message, String type, List<AttemptView> attempts) {
		ObjectNode body = JSON.createObjectNode();
		ObjectNode error = body.putObject("error").put("message", message).put("type", type);
		error.putNull("param");
		error.putNull("code");
		if (!attempts.isEmpty()) {
			error.set("attempts", JSON.valueToTree(attempts));
		}
		return JSON.writeValueAsString(body);
	}

	/**
	 * Write a model list: each model of each provider, in fallback order, owned by its
	 * provider.
	 * @param chain the providers, in fallback order
	 * @return the JSON
	 */
	static String models(List<LlmProvider> chain) {
		ObjectNode list = JSON.createObjectNode().put("object", "list");
		ArrayNode data = list.putArray("data");
		for (LlmProvider provider : chain) {
			for (String model : provider.models()) {
				data.addObject()
					.put("id", model)
					.put("object", "model")
					.put("created", 0)
					.put("owned_by", provider.name());
			}
		}
		return JSON.writeValueAsString(list);
	}

	private static ObjectNode head(String id, String object, long created, String model) {
		return JSON.createObjectNode().put("id", id).put("object", object).put("created", created).put("model", model);
	}

	private static ObjectNode usage(TokenUsage usage) {
		return JSON.createObjectNode()
			.put("prompt_tokens", usage.promptTokens())
			.put("completion_tokens", usage.completionTokens())
			.put("total_tokens", usage.totalTokens());
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
