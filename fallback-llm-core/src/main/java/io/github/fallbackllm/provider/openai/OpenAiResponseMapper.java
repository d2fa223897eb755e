package io.github.fallbackllm.provider.openai;

import java.util.ArrayList;
import java.util.List;

import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.chat.FinishReason;
import io.github.fallbackllm.chat.TokenUsage;
import io.github.fallbackllm.chat.ToolCall;
import io.github.fallbackllm.provider.ProviderErrors;
import io.github.fallbackllm.provider.ProviderException;
import io.github.fallbackllm.provider.SecretRedactor;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an OpenAI chat completion: the first choice's content and tool calls, the finish
 * reason and the usage. A body of the usual shape is read straight from its bytes with
 * Jackson's streaming parser, which builds no tree; any other body is read from its tree,
 * which says what is wrong with it. Both end in the same rules.
 *
 * @author Fallback LLM contributors
 */
final class OpenAiResponseMapper {

	private static final JsonMapper JSON = JsonMapper.shared();

	private OpenAiResponseMapper() {
	}

	static ChatResponse response(String provider, String model, JsonNode body, SecretRedactor redactor) {
		JsonNode choice = body.path("choices").path(0);
		JsonNode message = choice.path("message");
		List<RawToolCall> toolCalls = new ArrayList<>();
		for (JsonNode call : message.path("tool_calls")) {
			toolCalls.add(new RawToolCall(call.path("id").asString(""), call.path("function").path("name").asString(""),
					call.path("function").path("arguments").asString("")));
		}
		return response(provider, model,
				new Completion(!choice.isMissingNode(), text(choice.path("finish_reason")),
						message.path("content").asString(""), text(message.path("refusal")), toolCalls,
						text(body.path("model")), usage(body.path("usage"))),
				redactor);
	}

	/**
	 * Read a completion of the usual shape from its bytes: an object without an error,
	 * whose fields read here have the types OpenAI sends.
	 * @return the answer, or {@code null} when the body has another shape and is to be
	 * read from its tree
	 * @throws ProviderException if the body is a completion this provider cannot use
	 */
	static @Nullable ChatResponse read(String provider, String model, byte[] body, SecretRedactor redactor) {
		Completion completion;
		try (JsonParser json = JSON.createParser(body)) {
			completion = (json.nextToken() == JsonToken.START_OBJECT) ? completion(json) : null;
		}
		catch (JacksonException ex) {
			completion = null;
		}
		return (completion != null) ? response(provider, model, completion, redactor) : null;
	}

	private static ChatResponse response(String provider, String model, Completion completion,
			SecretRedactor redactor) {
		String finish = completion.finishReason();
		FinishReason finishReason = finishReason((finish != null) ? finish : "");
		String refusal = completion.refusal();
		if (finishReason == FinishReason.CONTENT_FILTER || (refusal != null && !refusal.isEmpty())) {
			throw ProviderException.of(AttemptOutcome.CONTENT_FILTERED,
					"finish_reason " + ((finish != null) ? finish : "stop") + ", refusal: "
							+ ProviderErrors.summarize(redactor.redact((refusal != null) ? refusal : "none")));
		}
		List<ToolCall> toolCalls = new ArrayList<>(completion.toolCalls().size());
		for (RawToolCall call : completion.toolCalls()) {
			if (call.id().isEmpty() || call.name().isEmpty()) {
				throw ProviderException.of(AttemptOutcome.INVALID_RESPONSE, "tool call without id or name");
			}
			toolCalls.add(new ToolCall(call.id(), call.name(), call.arguments()));
		}
		// An empty answer cut by the caller's token limit is an answer, not a fault.
		if (!completion.choice()
				|| (completion.content().isEmpty() && toolCalls.isEmpty() && finishReason != FinishReason.LENGTH)) {
			throw ProviderException.of(AttemptOutcome.INVALID_RESPONSE, "completion without content");
		}
		// A forced tool choice ends with "stop"; the caller must still run the tools.
		if (!toolCalls.isEmpty() && finishReason == FinishReason.STOP) {
			finishReason = FinishReason.TOOL_CALLS;
		}
		String reported = completion.model();
		return new ChatResponse(completion.content(), toolCalls, provider, (reported != null) ? reported : model,
				finishReason, completion.usage(), List.of());
	}

	static FinishReason finishReason(String value) {
		return switch (value) {
			case "stop" -> FinishReason.STOP;
			case "length" -> FinishReason.LENGTH;
			case "content_filter" -> FinishReason.CONTENT_FILTER;
			case "tool_calls", "function_call" -> FinishReason.TOOL_CALLS;
			default -> FinishReason.OTHER;
		};
	}

	static @Nullable TokenUsage usage(JsonNode usage) {
		if (!usage.isObject()) {
			return null;
		}
		return new TokenUsage(usage.path("prompt_tokens").asInt(0), usage.path("completion_tokens").asInt(0));
	}

	/** A field's text, {@code null} when it is absent or JSON null. */
	private static @Nullable String text(JsonNode node) {
		return (node.isMissingNode() || node.isNull()) ? null : node.asString("");
	}

	/** The members of the completion object, the parser on its start. */
	private static @Nullable Completion completion(JsonParser json) {
		boolean choice = false;
		Message message = Message.NONE;
		String finishReason = null;
		String model = null;
		TokenUsage usage = null;
		for (String name = json.nextName(); name != null; name = json.nextName()) {
			JsonToken value = json.nextToken();
			switch (name) {
				case "error" -> {
					if (value != JsonToken.VALUE_NULL) {
						return null;
					}
				}
				case "choices" -> {
					if (value == JsonToken.START_ARRAY) {
						JsonToken first = json.nextToken();
						choice = first != JsonToken.END_ARRAY;
						if (choice) {
							if (first != JsonToken.START_OBJECT) {
								return null;
							}
							Choice read = choice(json);
							if (read == null) {
								return null;
							}
							message = read.message();
							finishReason = read.finishReason();
							skipRest(json);
						}
					}
					else if (value != JsonToken.VALUE_NULL) {
						return null;
					}
				}
				case "model" -> {
					if (!isText(value)) {
						return null;
					}
					model = json.getValueAsString();
				}
				case "usage" -> {
					if (value == JsonToken.START_OBJECT) {
						usage = usage(json);
						if (usage == null) {
							return null;
						}
					}
					else if (value != JsonToken.VALUE_NULL) {
						return null;
					}
				}
				default -> json.skipChildren();
			}
		}
		return new Completion(choice, finishReason, message.content(), message.refusal(), message.toolCalls(), model,
				usage);
	}

	private static @Nullable Choice choice(JsonParser json) {
		Message message = Message.NONE;
		String finishReason = null;
		for (String name = json.nextName(); name != null; name = json.nextName()) {
			JsonToken value = json.nextToken();
			switch (name) {
				case "finish_reason" -> {
					if (!isText(value)) {
						return null;
					}
					finishReason = json.getValueAsString();
				}
				case "message" -> {
					if (value == JsonToken.START_OBJECT) {
						message = message(json);
						if (message == null) {
							return null;
						}
					}
					else if (value != JsonToken.VALUE_NULL) {
						return null;
					}
				}
				default -> json.skipChildren();
			}
		}
		return new Choice(message, finishReason);
	}

	private static @Nullable Message message(JsonParser json) {
		String content = "";
		String refusal = null;
		List<RawToolCall> toolCalls = List.of();
		for (String name = json.nextName(); name != null; name = json.nextName()) {
			JsonToken value = json.nextToken();
			switch (name) {
				case "content" -> {
					if (!isText(value)) {
						return null;
					}
					content = (value == JsonToken.VALUE_NULL) ? "" : json.getString();
				}
				case "refusal" -> {
					if (!isText(value)) {
						return null;
					}
					refusal = json.getValueAsString();
				}
				case "tool_calls" -> {
					if (value == JsonToken.START_ARRAY) {
						toolCalls = toolCalls(json);
						if (toolCalls == null) {
							return null;
						}
					}
					else if (value != JsonToken.VALUE_NULL) {
						return null;
					}
				}
				default -> json.skipChildren();
			}
		}
		return new Message(content, refusal, toolCalls);
	}

	private static @Nullable List<RawToolCall> toolCalls(JsonParser json) {
		List<RawToolCall> calls = new ArrayList<>();
		for (JsonToken token = json.nextToken(); token != JsonToken.END_ARRAY; token = json.nextToken()) {
			if (token != JsonToken.START_OBJECT) {
				return null;
			}
			String id = "";
			String function = null;
			String arguments = "";
			for (String name = json.nextName(); name != null; name = json.nextName()) {
				JsonToken value = json.nextToken();
				if (name.equals("id")) {
					if (!isText(value)) {
						return null;
					}
					id = (value == JsonToken.VALUE_NULL) ? "" : json.getString();
				}
				else if (name.equals("function")) {
					if (value != JsonToken.START_OBJECT) {
						return null;
					}
					function = "";
					for (String member = json.nextName(); member != null; member = json.nextName()) {
						JsonToken memberValue = json.nextToken();
						if (member.equals("name") || member.equals("arguments")) {
							if (!isText(memberValue)) {
								return null;
							}
							String text = (memberValue == JsonToken.VALUE_NULL) ? "" : json.getString();
							if (member.equals("name")) {
								function = text;
							}
							else {
								arguments = text;
							}
						}
						else {
							json.skipChildren();
						}
					}
				}
				else {
					json.skipChildren();
				}
			}
			calls.add(new RawToolCall(id, (function != null) ? function : "", arguments));
		}
		return calls;
	}

	private static @Nullable TokenUsage usage(JsonParser json) {
		int prompt = 0;
		int completion = 0;
		for (String name = json.nextName(); name != null; name = json.nextName()) {
			JsonToken value = json.nextToken();
			if (name.equals("prompt_tokens") || name.equals("completion_tokens")) {
				if (value != JsonToken.VALUE_NUMBER_INT || json.getNumberType() != JsonParser.NumberType.INT) {
					return null;
				}
				if (name.equals("prompt_tokens")) {
					prompt = json.getIntValue();
				}
				else {
					completion = json.getIntValue();
				}
			}
			else {
				json.skipChildren();
			}
		}
		return new TokenUsage(prompt, completion);
	}

	/** Skip the elements after the first choice, up to the end of the array. */
	private static void skipRest(JsonParser json) {
		for (JsonToken token = json.nextToken(); token != JsonToken.END_ARRAY; token = json.nextToken()) {
			json.skipChildren();
		}
	}

	private static boolean isText(JsonToken token) {
		return token == JsonToken.VALUE_STRING || token == JsonToken.VALUE_NULL;
	}

	/**
	 * What the rules need of a completion, however it was read.
	 *
	 * @param choice whether it has a first choice
	 * @param finishReason the first choice's finish reason, {@code null} when absent or
	 * null
	 * @param content its message's text, empty when absent or null
	 * @param refusal its message's refusal, {@code null} when absent or null
	 * @param toolCalls its message's tool calls
	 * @param model the model that answered, {@code null} when absent or null
	 * @param usage the usage, {@code null} when it is not an object
	 */
	private record Completion(boolean choice, @Nullable String finishReason, String content, @Nullable String refusal,
			List<RawToolCall> toolCalls, @Nullable String model, @Nullable TokenUsage usage) {
	}

	private record Choice(Message message, @Nullable String finishReason) {
	}

	private record Message(String content, @Nullable String refusal, List<RawToolCall> toolCalls) {

		static final Message NONE = new Message("", null, List.of());

	}

	/** A tool call as sent, before it is checked. */
	private record RawToolCall(String id, String name, String arguments) {
	}

}
